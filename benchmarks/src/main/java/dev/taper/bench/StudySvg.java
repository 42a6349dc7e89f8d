package dev.taper.bench;

import dev.taper.bench.StudyResult.Arm;
import dev.taper.bench.StudyResult.ArmSeed;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/** A study's {@code NAME.svg}: a hand-written chart of test accuracy per arm. */
final class StudySvg {

  private static final int WIDTH = 720;
  private static final int HEIGHT = 400;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;

  private StudySvg() {}

  private static final Map<String, String> COLOURS =
      Map.of(
          "WIDE", "#7f7f7f",
          "SCRATCH", "#1f77b4",
          "KD", "#17becf",
          "DEEPER", "#9467bd",
          "WARMED", "#ff7f0e",
          "THIN", "#2ca02c");

  /**
   * Mean test accuracy per arm with sample-std error bars and every seed as a hollow dot; an arm
   * with no measured seed is named under the axis as failed.
   */
  static String render(StudyResult r) {
    List<Arm> arms = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (String name : StudyResult.ARMS) {
      Arm s = r.arm(name).orElse(null);
      if (s == null) {
        continue;
      }
      if (s.measured().isEmpty()) {
        failed.add(name);
        continue;
      }
      arms.add(s);
      double std = std(s);
      lo = Math.min(lo, s.accuracyMean() - std);
      hi = Math.max(hi, s.accuracyMean() + std);
      for (ArmSeed a : s.measured()) {
        lo = Math.min(lo, a.accuracy());
        hi = Math.max(hi, a.accuracy());
      }
    }
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"24\" font-size=\"15\" font-weight=\"bold\">%s: test accuracy"
                + " (mean ± sample std over %d seed%s)</text>%n",
            LEFT,
            escape(r.name()),
            r.seedsDone(),
            r.seedsDone() == 1 ? "" : "s"));
    if (!failed.isEmpty()) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" fill=\"#b00\">failed: %s</text>%n",
              LEFT,
              HEIGHT - 8,
              escape(String.join(", ", failed))));
    }
    if (arms.isEmpty()) {
      return svg.append("</svg>\n").toString();
    }
    double span = Math.max(hi - lo, 1.0);
    double step = niceStep(span / 6);
    double yMin = Math.floor((lo - 0.1 * span) / step) * step;
    double yMax = Math.ceil((hi + 0.1 * span) / step) * step;
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    DoubleUnaryOperator y = v -> TOP + plotH * (1 - (v - yMin) / (yMax - yMin));

    for (double v = yMin; v <= yMax + 1e-9; v += step) {
      double py = y.applyAsDouble(v);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>%n"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
              LEFT,
              py,
              WIDTH - RIGHT,
              py,
              LEFT - 6,
              py + 4,
              step >= 1
                  ? String.format(Locale.ROOT, "%.0f", v)
                  : String.format(Locale.ROOT, "%.1f", v)));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
            LEFT,
            TOP,
            LEFT,
            TOP + plotH,
            LEFT,
            TOP + plotH,
            WIDTH - RIGHT,
            TOP + plotH));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text transform=\"translate(18 %d) rotate(-90)\" text-anchor=\"middle\">test"
                + " accuracy (%%)</text>%n",
            TOP + plotH / 2));

    double slot = plotW / (double) arms.size();
    for (int i = 0; i < arms.size(); i++) {
      Arm s = arms.get(i);
      double cx = LEFT + slot * (i + 0.5);
      String colour = COLOURS.getOrDefault(s.arm(), "black");
      double mean = s.accuracyMean();
      double std = std(s);
      double top = y.applyAsDouble(mean + std);
      double bottom = y.applyAsDouble(mean - std);
      svg.append(
          String.format(
              Locale.ROOT,
              "<g stroke=\"%s\" stroke-width=\"2\">"
                  + "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                  + "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                  + "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/></g>%n",
              colour,
              cx,
              top,
              cx,
              bottom,
              cx - 8,
              top,
              cx + 8,
              top,
              cx - 8,
              bottom,
              cx + 8,
              bottom));
      List<ArmSeed> seeds = s.measured();
      for (int j = 0; j < seeds.size(); j++) {
        double dx = 18 + 6 * (j % 3);
        svg.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"none\" stroke=\"%s\"/>%n",
                cx + dx,
                y.applyAsDouble(seeds.get(j).accuracy()),
                colour));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"/>%n"
                  + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n"
                  + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s"
                  + "</text>%n"
                  + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s params"
                  + "</text>%n",
              cx,
              y.applyAsDouble(mean),
              colour,
              cx - 10,
              y.applyAsDouble(mean) + 4,
              mean,
              cx,
              TOP + plotH + 20,
              s.arm(),
              cx,
              TOP + plotH + 36,
              compact(s.params() == null ? 0 : s.params())));
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static double std(Arm arm) {
    return arm.accuracyStd() == null || arm.accuracyStd().isNaN() ? 0 : arm.accuracyStd();
  }

  private static double niceStep(double raw) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5}) {
      if (m * magnitude >= raw) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String compact(long n) {
    if (n >= 1_000_000) {
      return String.format(Locale.ROOT, "%.2fM", n / 1e6);
    }
    if (n >= 1_000) {
      return String.format(Locale.ROOT, "%.1fk", n / 1e3);
    }
    return Long.toString(n);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
