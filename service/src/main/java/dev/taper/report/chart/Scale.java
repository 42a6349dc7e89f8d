package dev.taper.report.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps data values onto pixels, linearly or logarithmically, and chooses a few round tick values
 * ("nice numbers": 1, 2 or 5 times a power of ten).
 */
public final class Scale {

  private static final int TICKS = 5;

  /** The span (max / min) of positive values over which a chart's y axis goes logarithmic. */
  static final double TWO_DECADES = 100;

  private final double min;
  private final double max;
  private final double from;
  private final double to;
  private final boolean log;

  private Scale(double min, double max, double from, double to, boolean log) {
    this.min = min;
    this.max = max;
    this.from = from;
    this.to = to;
    this.log = log;
  }

  /** A linear scale over [min, max], widened to round ticks and never empty. */
  public static Scale linear(double min, double max, double from, double to) {
    if (!(max > min)) {
      double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
      min -= pad;
      max += pad;
    }
    double step = niceStep((max - min) / TICKS);
    return new Scale(Math.floor(min / step) * step, Math.ceil(max / step) * step, from, to, false);
  }

  /** A base-10 logarithmic scale over [min, max] (both positive), widened to whole decades. */
  public static Scale log(double min, double max, double from, double to) {
    double low = Math.floor(Math.log10(min));
    double high = Math.ceil(Math.log10(max));
    if (high <= low) {
      high = low + 1;
    }
    return new Scale(Math.pow(10, low), Math.pow(10, high), from, to, true);
  }

  /** Logarithmic when positive values span more than {@code ratio}, else linear. */
  public static Scale fitting(double min, double max, double from, double to, double ratio) {
    if (min > 0 && max / min > ratio) {
      return log(min, max, from, to);
    }
    return linear(Math.min(min, max), max, from, to);
  }

  public double map(double value) {
    double t =
        log
            ? (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
            : (value - min) / (max - min);
    return from + t * (to - from);
  }

  public boolean isLog() {
    return log;
  }

  /** The axis title for {@code label}, saying so when this scale is logarithmic. */
  String title(String label) {
    return log ? label + " (log scale)" : label;
  }

  public List<Tick> ticks() {
    List<Tick> ticks = new ArrayList<>();
    if (log) {
      for (double decade = min; decade <= max * 1.0001; decade *= 10) {
        ticks.add(new Tick(map(decade), label(decade)));
      }
      return ticks;
    }
    double step = niceStep((max - min) / TICKS);
    for (double v = min; v <= max + step * 1e-6; v += step) {
      double rounded = Math.abs(v) < step * 1e-9 ? 0 : v;
      ticks.add(new Tick(map(rounded), label(rounded)));
    }
    return ticks;
  }

  static double niceStep(double rough) {
    if (!(rough > 0) || !Double.isFinite(rough)) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(rough)));
    double fraction = rough / power;
    double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
    return nice * power;
  }

  /** A short label: 0.001, 0.25, 12, 3.4k, 1.2M, 1e-5. */
  static String label(double v) {
    double a = Math.abs(v);
    if (a == 0) {
      return "0";
    }
    if (a >= 1e9) {
      return trim(v / 1e9) + "G";
    }
    if (a >= 1e6) {
      return trim(v / 1e6) + "M";
    }
    if (a >= 1e4) {
      return trim(v / 1e3) + "k";
    }
    if (a < 1e-3) {
      return String.format(Locale.ROOT, "%.0e", v);
    }
    return trim(v);
  }

  private static String trim(double v) {
    String text = String.format(Locale.ROOT, "%.3f", v);
    text = text.replaceAll("0+$", "");
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }
}
