package dev.taper.bench;

import dev.taper.training.Progress;
import dev.taper.training.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Live progress on one updating terminal line (stderr, redrawn with {@code \r}), and one permanent
 * line per finished stage.
 */
final class ConsoleProgress {

  private final PrintStream out;
  private String prefix = "";
  private String stage = "";
  private int drawnLength;

  ConsoleProgress(PrintStream out) {
    this.out = out;
  }

  /** The stage whose progress follows, e.g. seed 2 of 3, IMITATE. */
  synchronized void begin(int seedIndex, int seeds, long seed, String stageName) {
    this.prefix = String.format(Locale.ROOT, "seed %d/%d (%d)", seedIndex + 1, seeds, seed);
    this.stage = stageName;
    draw(prefix + "  " + stage + "  starting");
  }

  ProgressListener listener() {
    return this::onProgress;
  }

  synchronized void onProgress(Progress p) {
    StringBuilder line = new StringBuilder(prefix).append("  ").append(stage);
    if ("head".equals(p.phase())) {
      line.append("  head phase (").append(p.layers() + 1).append('/').append(p.layers() + 1);
      line.append(')');
    } else if (p.layers() > 0) {
      // the head phase is phase L + 2; the layer phases are 1..L + 1
      line.append("  layer ").append(p.layer() + 1).append('/').append(p.layers());
      line.append(" (+head)");
    } else {
      line.append("  ").append(p.phase());
    }
    line.append(String.format(Locale.ROOT, "  step %d/%d", p.step(), p.totalSteps()));
    line.append(String.format(Locale.ROOT, "  loss %.4f", p.loss()));
    line.append("  ").append(rate(p.samplesPerSecond())).append(" samples/s");
    line.append("  ETA ").append(duration(p.etaSeconds()));
    draw(line.toString());
  }

  /** A permanent line (the current progress line is cleared first). */
  synchronized void println(String text) {
    clear();
    out.println(text);
    out.flush();
  }

  synchronized void clear() {
    if (drawnLength > 0) {
      out.print('\r' + " ".repeat(drawnLength) + '\r');
      drawnLength = 0;
    }
  }

  private void draw(String line) {
    String padded =
        line.length() < drawnLength ? line + " ".repeat(drawnLength - line.length()) : line;
    out.print('\r' + padded);
    out.flush();
    drawnLength = line.length();
  }

  static String rate(double perSecond) {
    if (!Double.isFinite(perSecond)) {
      return "-";
    }
    if (perSecond >= 1e6) {
      return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
    }
    if (perSecond >= 1e3) {
      return String.format(Locale.ROOT, "%.1fk", perSecond / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", perSecond);
  }

  static String duration(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      return "-";
    }
    long s = Math.round(seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, (s / 60) % 60, s % 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return s + "s";
  }
}
