package dev.taper.bench;

import dev.taper.bench.StudyResult.ArmSeed;
import dev.taper.bench.StudyResult.ArmSummary;
import dev.taper.bench.StudyResult.SeedRun;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.PhaseLoss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Renders a {@link StudyResult} as JSON, Markdown and a hand-written SVG chart. */
final class StudyReport {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private StudyReport() {}

  // ---------------------------------------------------------------- JSON

  static String json(StudyResult r) {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> units = new LinkedHashMap<>();
    units.put(
        "accuracy",
        "percent (test accuracy x 100); accuracy_std is the sample standard deviation over seeds,"
            + " in percentage points; per-seed accuracy is percent too");
    units.put("loss", "mean test cross-entropy (nats)");
    units.put(
        "wall_seconds",
        "wall time of the stages that trained the arm's network, measured around Stage.run (data"
            + " upload and evaluation included); THIN = IMITATE + FINETUNE, WARMED = IMITATE; the"
            + " WIDE teacher's time is in WIDE only");
    units.put("flops", "forward FLOPs per example, a multiply-add counted as 2");
    units.put("thin_examples", "thin-network training examples (optimiser steps x batch size)");
    root.put("units", units);
    root.put("name", r.spec().name());
    root.put("date", r.date());
    root.put("seeds_planned", r.seedsPlanned());
    root.put("seeds_done", r.seedRuns().size());
    root.put("total_wall_seconds", Stats.finite(r.totalWallSeconds()));
    root.put("machine", r.machine());
    root.put("spec", r.spec());
    root.put("thin_budget", r.budget() == null ? null : r.budget().toJson());
    root.put("target", target(r));
    List<Object> arms = new ArrayList<>();
    for (String arm : StudyResult.ARMS) {
      ArmSummary s = r.summary(arm);
      if (s != null) {
        arms.add(arm(s));
      }
    }
    root.put("arms", arms);
    root.put("imitation", imitation(r));
    return JSON.writeValueAsString(root) + "\n";
  }

  private static Map<String, Object> arm(ArmSummary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("arm", s.arm());
    m.put("accuracy_mean", Stats.finite(s.accuracyMeanPercent()));
    m.put("accuracy_std", Stats.finite(s.accuracyStdPercent()));
    m.put("params", s.params());
    m.put("flops", s.flops());
    m.put("thin_examples", "WIDE".equals(s.arm()) ? null : s.thinExamples());
    m.put("wall_seconds_mean", Stats.finite(s.wallSecondsMean()));
    List<Object> seeds = new ArrayList<>();
    for (ArmSeed a : s.seeds()) {
      Map<String, Object> seed = new LinkedHashMap<>();
      seed.put("seed", a.seed());
      seed.put("accuracy", Stats.finite(100 * a.accuracy()));
      seed.put("loss", Stats.finite(a.loss()));
      seed.put("wall_seconds", Stats.finite(a.wallSeconds()));
      seed.put("validation_accuracy", Stats.finite(100 * a.validationAccuracy()));
      seed.put("train_seconds", Stats.finite(a.trainSeconds()));
      seed.put("samples_per_second", Stats.finite(a.samplesPerSecond()));
      seed.put("examples_seen", a.thinExamples());
      seed.put("size_bytes", a.sizeBytes());
      seeds.add(seed);
    }
    m.put("seeds", seeds);
    return m;
  }

  private static Map<String, Object> target(StudyResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    Boolean met = Boolean.TRUE;
    List<Object> comparisons = new ArrayList<>();
    for (StudyTarget target : targets(r)) {
      String key = "thin_minus_" + target.arm().toLowerCase(Locale.ROOT);
      double gap = r.meanGap("THIN", target.arm());
      List<Double> paired = r.pairedGaps("THIN", target.arm());
      m.put(key + "_threshold_points", target.points());
      m.put(key + "_points", Stats.finite(gap));
      m.put(key + "_paired_std_points", Stats.finite(Stats.sampleStd(paired)));
      m.put(key + "_per_seed_points", paired);
      m.put(key + "_met", Double.isNaN(gap) ? null : target.met(gap));
      comparisons.add(target.arm());
      if (Double.isNaN(gap)) {
        met = null;
      } else if (met != null && !target.met(gap)) {
        met = Boolean.FALSE;
      }
    }
    m.put("compared_with", comparisons);
    m.put("met", met);
    return m;
  }

  static List<StudyTarget> targets(StudyResult r) {
    return StudyTarget.forFamily(r.spec().model().family());
  }

  private static List<Object> imitation(StudyResult r) {
    List<Object> list = new ArrayList<>();
    for (SeedRun run : r.seedRuns()) {
      if (run.phaseLosses.isEmpty() && Double.isNaN(run.mergeError)) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("seed", run.seed);
      m.put("merge_max_abs_error", Stats.finite(run.mergeError));
      m.put("layer_losses", run.layerLosses.stream().map(Stats::finite).toList());
      List<Object> phases = new ArrayList<>();
      int last = run.phaseLosses.size() - 1;
      for (int i = 0; i < run.phaseLosses.size(); i++) {
        PhaseLoss p = run.phaseLosses.get(i);
        Map<String, Object> phase = new LinkedHashMap<>();
        phase.put("phase", p.phase());
        phase.put("what", i == last ? "head" : joint(r) ? "all layers" : "layer " + p.phase());
        phase.put("start_loss", Stats.finite(p.start()));
        phase.put("end_loss", Stats.finite(p.end()));
        phases.add(phase);
      }
      m.put("phases", phases);
      list.add(m);
    }
    return list;
  }

  // ---------------------------------------------------------------- Markdown and terminal

  static String markdown(StudyResult r, String svgFile) {
    StringBuilder md = new StringBuilder();
    md.append("# Study: ").append(r.spec().name()).append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%s. %d of %d seeds (seed %d onwards), total wall time %s.%n%n",
            r.date(),
            r.seedRuns().size(),
            r.seedsPlanned(),
            r.spec().seed(),
            ConsoleProgress.duration(r.totalWallSeconds())));
    md.append("Machine: ").append(Machine.summary(r.machine())).append(".\n\n");
    md.append("![Test accuracy per arm, mean and sample std over seeds](")
        .append(svgFile)
        .append(")\n\n");
    md.append(markdownTable(r)).append('\n');
    md.append(
        "Accuracy: test accuracy in percent, mean ± sample standard deviation over seeds. Wall"
            + " time: the stages that trained the arm's network (THIN = IMITATE + FINETUNE,"
            + " WARMED = IMITATE; the WIDE teacher is not included in either).\n\n");
    md.append("**").append(targetLine(r)).append("**\n\n");
    md.append("## Thin budget\n\n");
    if (r.budget() != null) {
      md.append(r.budget().text()).append("\n\n");
    }
    md.append("## Imitation\n\n");
    md.append("Loss of each phase on a fixed probe batch, start -> end; merge error is the max");
    md.append(" |logits(S-bar) - logits(merged S)| the engine checked.\n\n");
    md.append("| Seed | Merge error | Phases (start -> end) |\n|---:|---:|---|\n");
    for (SeedRun run : r.seedRuns()) {
      md.append(String.format(Locale.ROOT, "| %d | %.2e | ", run.seed, run.mergeError));
      md.append(phaseLossLine(run.phaseLosses, joint(r)).replace("imitation losses: ", ""));
      md.append(" |\n");
    }
    md.append("\n## Spec (resolved)\n\n```json\n");
    md.append(JSON.writeValueAsString(r.spec())).append("\n```\n");
    return md.toString();
  }

  static String markdownTable(StudyResult r) {
    StringBuilder t = new StringBuilder();
    t.append("| Arm | Test accuracy % (mean ± std) | Per seed | Params | FLOPs/example |");
    t.append(" Thin examples | Wall s (mean) |\n");
    t.append("|---|---:|---|---:|---:|---:|---:|\n");
    for (String arm : StudyResult.ARMS) {
      ArmSummary s = r.summary(arm);
      if (s == null) {
        continue;
      }
      List<String> perSeed =
          s.seeds().stream()
              .map(a -> String.format(Locale.ROOT, "%.2f", 100 * a.accuracy()))
              .toList();
      t.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f ± %s | %s | %,d | %,d | %s | %.1f |%n",
              arm,
              s.accuracyMeanPercent(),
              Double.isNaN(s.accuracyStdPercent())
                  ? "n/a"
                  : String.format(Locale.ROOT, "%.2f", s.accuracyStdPercent()),
              String.join(", ", perSeed),
              s.params(),
              s.flops(),
              "WIDE".equals(arm)
                  ? "(teacher)"
                  : String.format(Locale.ROOT, "%,d", s.thinExamples()),
              s.wallSecondsMean()));
    }
    return t.toString();
  }

  static String targetLine(StudyResult r) {
    List<String> wanted = new ArrayList<>();
    List<String> measured = new ArrayList<>();
    boolean met = true;
    for (StudyTarget target : targets(r)) {
      double gap = r.meanGap("THIN", target.arm());
      if (Double.isNaN(gap)) {
        return "Target: not measured yet";
      }
      wanted.add(String.format(Locale.ROOT, "%+.1f over %s", target.points(), target.arm()));
      measured.add(String.format(Locale.ROOT, "THIN - %s = %+.2f points", target.arm(), gap));
      met &= target.met(gap);
    }
    return String.format(
        Locale.ROOT,
        "Target (THIN at least %s): %s -> %s",
        String.join(" and ", wanted),
        String.join(", ", measured),
        met ? "met" : "not met");
  }

  /** Whether imitation trained every layer in one phase (the losses are then sums over layers). */
  static boolean joint(StudyResult r) {
    return r.spec().imitate().schedule() == ImitationSchedule.JOINT;
  }

  static String phaseLossLine(List<PhaseLoss> phases, boolean joint) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < phases.size(); i++) {
      PhaseLoss p = phases.get(i);
      String label = i == phases.size() - 1 ? "head" : joint ? "all layers" : "L" + p.phase();
      parts.add(String.format(Locale.ROOT, "%s %.3g->%.3g", label, p.start(), p.end()));
    }
    return "imitation losses: " + String.join(", ", parts);
  }

  // ---------------------------------------------------------------- SVG

  private static final int WIDTH = 720;
  private static final int HEIGHT = 400;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;

  private static final Map<String, String> COLOURS =
      Map.of(
          "WIDE", "#7f7f7f",
          "SCRATCH", "#1f77b4",
          "KD", "#17becf",
          "DEEPER", "#9467bd",
          "WARMED", "#ff7f0e",
          "THIN", "#2ca02c");

  /** Mean test accuracy per arm with sample-std error bars and every seed as a hollow dot. */
  static String svg(StudyResult r) {
    List<ArmSummary> arms = new ArrayList<>();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (String arm : StudyResult.ARMS) {
      ArmSummary s = r.summary(arm);
      if (s == null) {
        continue;
      }
      arms.add(s);
      double std = Double.isNaN(s.accuracyStdPercent()) ? 0 : s.accuracyStdPercent();
      lo = Math.min(lo, s.accuracyMeanPercent() - std);
      hi = Math.max(hi, s.accuracyMeanPercent() + std);
      for (ArmSeed a : s.seeds()) {
        lo = Math.min(lo, 100 * a.accuracy());
        hi = Math.max(hi, 100 * a.accuracy());
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
            escape(r.spec().name()),
            r.seedRuns().size(),
            r.seedRuns().size() == 1 ? "" : "s"));
    if (arms.isEmpty()) {
      return svg.append("</svg>\n").toString();
    }
    double span = Math.max(hi - lo, 1.0);
    double step = niceStep(span / 6);
    double yMin = Math.floor((lo - 0.1 * span) / step) * step;
    double yMax = Math.ceil((hi + 0.1 * span) / step) * step;
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    java.util.function.DoubleUnaryOperator y = v -> TOP + plotH * (1 - (v - yMin) / (yMax - yMin));

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
      ArmSummary s = arms.get(i);
      double cx = LEFT + slot * (i + 0.5);
      String colour = COLOURS.getOrDefault(s.arm(), "black");
      double mean = s.accuracyMeanPercent();
      double std = Double.isNaN(s.accuracyStdPercent()) ? 0 : s.accuracyStdPercent();
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
      List<ArmSeed> seeds = s.seeds();
      for (int j = 0; j < seeds.size(); j++) {
        double dx = 18 + 6 * (j % 3);
        svg.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"none\" stroke=\"%s\"/>%n",
                cx + dx,
                y.applyAsDouble(100 * seeds.get(j).accuracy()),
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
              compact(s.params())));
    }
    svg.append("</svg>\n");
    return svg.toString();
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
