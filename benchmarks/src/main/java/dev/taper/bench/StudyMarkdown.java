package dev.taper.bench;

import dev.taper.bench.StudyResult.Arm;
import dev.taper.bench.StudyResult.ArmSeed;
import dev.taper.bench.StudyResult.Comparison;
import dev.taper.bench.StudyResult.GridPoint;
import dev.taper.bench.StudyResult.Imitation;
import dev.taper.bench.StudyResult.Phase;
import dev.taper.training.PhaseLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** A study's {@code NAME.md}: the result table, the checks, the budget, imitation and the spec. */
final class StudyMarkdown {

  /** After a wall time that a journal recorded in an earlier process. */
  private static final String REPLAYED_MARK = " (r)";

  private StudyMarkdown() {}

  static String render(StudyResult r, String svgFile) {
    StringBuilder md = new StringBuilder();
    md.append("# Study: ").append(r.name()).append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%s. %d of %d seeds (seed %d onwards), total wall time %s.%n%n",
            r.date(),
            r.seedsDone(),
            r.seedsPlanned(),
            r.spec().seed(),
            ConsoleProgress.duration(
                r.totalWallSeconds() == null ? Double.NaN : r.totalWallSeconds())));
    if (r.machine() != null) {
      md.append("Machine: ").append(r.machine().summary()).append(".\n\n");
    }
    md.append("![Test accuracy per arm, mean and sample std over seeds](")
        .append(svgFile)
        .append(")\n\n");
    md.append(table(r)).append('\n');
    md.append(
        "Accuracy: test accuracy in percent, mean ± sample standard deviation over the seeds"
            + " where the arm was measured; validation: the same models on the validation"
            + " hold-out. Training TFLOPs: "
            + trainingFlopsMeaning(r)
            + ". Wall"
            + " time: the stages that trained the arm's network (THIN = IMITATE + FINETUNE,"
            + " WARMED = IMITATE; the WIDE teacher is not included in either)"
            + (r.arms().stream().anyMatch(Arm::wallTimeReplayed)
                ? "; a time marked "
                    + REPLAYED_MARK.strip()
                    + " includes runs read back from a study journal, timed when they trained,"
                    + " under that process's load"
                : "")
            + ".\n\n");
    md.append("**").append(targetLine(r)).append("**\n\n");
    md.append(PairedGainsMarkdown.section(r));
    warnings(r, md);
    md.append("## How the settings were chosen\n\n");
    if (r.selection() != null) {
      md.append(r.selection().text()).append("\n\n");
      if (!r.selection().defaultedFields().isEmpty()) {
        md.append("Defaulted fields: ")
            .append(
                r.selection().defaultedFields().stream()
                    .map(f -> "`" + f + "`")
                    .collect(Collectors.joining(", ")))
            .append(".\n\n");
      }
    }
    grid(r, md);
    epochs(r, md);
    calibration(r, md);
    inactiveUnits(r, md);
    md.append("## Thin budget\n\n");
    if (r.thinBudget() != null) {
      md.append(r.thinBudget().text()).append("\n\n");
    }
    imitation(r, md);
    md.append("\n## Spec (resolved)\n\n```json\n");
    md.append(ResultJson.write(r.spec()).trim()).append("\n```\n");
    return md.toString();
  }

  /**
   * Today's counting in short, or, for a file written when training FLOPs were counted otherwise,
   * that file's own definition: re-rendering an old result must not restate how it was costed.
   */
  private static String trainingFlopsMeaning(StudyResult r) {
    String recorded = r.units() == null ? null : r.units().trainingFlops();
    if (recorded != null && !recorded.equals(StudyResult.Units.STUDY.trainingFlops())) {
      return recorded;
    }
    return "everything the arm needed, the WIDE teacher's training included for WARMED, THIN and"
        + " KD, as the engine counts it (benchmarks/README.md says how)";
  }

  static String table(StudyResult r) {
    StringBuilder t = new StringBuilder();
    t.append("| Arm | Test accuracy % (mean ± std) | Per seed | Validation % | Learning rate |");
    t.append(" Params | FLOPs/example | Thin examples | Training TFLOPs | Wall s (mean) |\n");
    t.append("|---|---:|---|---:|---|---:|---:|---:|---:|---:|\n");
    for (String name : StudyResult.ARMS) {
      r.arm(name).ifPresent(arm -> t.append(row(arm)));
    }
    return t.toString();
  }

  private static String row(Arm arm) {
    if (arm.measured().isEmpty()) {
      return String.format(
          Locale.ROOT, "| %s | **failed**: %s | | | | | | | | |%n", arm.arm(), cell(arm.error()));
    }
    List<String> perSeed = new ArrayList<>();
    for (ArmSeed s : arm.seeds()) {
      perSeed.add(s.failed() ? "failed" : number(s.accuracy(), 2));
    }
    return String.format(
        Locale.ROOT,
        "| %s | %s ± %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
        arm.arm() + (arm.failed() ? " (failed in a seed)" : ""),
        number(arm.accuracyMean(), 2),
        arm.accuracyStd() == null ? "n/a" : number(arm.accuracyStd(), 2),
        String.join(", ", perSeed),
        number(arm.validationAccuracyMean(), 2),
        rates(arm.learningRates()),
        count(arm.params()),
        count(arm.flops()),
        "WIDE".equals(arm.arm()) ? "(teacher)" : count(arm.thinExamples()),
        arm.trainingFlops() == null
            ? "n/a"
            : String.format(Locale.ROOT, "%.3g", arm.trainingFlops() / 1e12),
        number(arm.wallSecondsMean(), 1) + (arm.wallTimeReplayed() ? REPLAYED_MARK : ""));
  }

  static String targetLine(StudyResult r) {
    if (r.target() == null || r.target().comparisons().isEmpty()) {
      return "Target: not measured yet";
    }
    List<String> wanted = new ArrayList<>();
    List<String> measured = new ArrayList<>();
    for (Comparison c : r.target().comparisons()) {
      wanted.add(String.format(Locale.ROOT, "%+.1f over %s", c.thresholdPoints(), c.arm()));
      measured.add(
          c.gapPoints() == null
              ? "THIN - " + c.arm() + " not measured"
              : String.format(Locale.ROOT, "THIN - %s = %+.2f points", c.arm(), c.gapPoints()));
    }
    Boolean met = r.target().met();
    return String.format(
        Locale.ROOT,
        "Target (THIN at least %s): %s -> %s",
        String.join(" and ", wanted),
        String.join(", ", measured),
        met == null ? "not measured" : met ? "met" : "not met");
  }

  private static void warnings(StudyResult r, StringBuilder md) {
    if (r.teacher() != null && r.teacher().marginPoints() != null) {
      md.append(
          String.format(
              Locale.ROOT,
              "Teacher check: WIDE %.2f%% on validation, DEEPER %.2f%%, margin %+.2f points"
                  + " (wanted at least %+.1f): %s.%n%n",
              r.teacher().wideValidationAccuracy(),
              r.teacher().deeperValidationAccuracy(),
              r.teacher().marginPoints(),
              r.teacher().minimumMarginPoints(),
              Boolean.TRUE.equals(r.teacher().ok()) ? "ok" : "**the teacher is not worth it**"));
    }
    if (!r.warnings().isEmpty()) {
      md.append("**Warnings**\n\n");
      r.warnings().forEach(w -> md.append("- ").append(w).append('\n'));
      md.append('\n');
    }
  }

  private static void grid(StudyResult r, StringBuilder md) {
    if (r.selection() == null || r.selection().lrGrid().isEmpty()) {
      return;
    }
    md.append(
        "Validation accuracy % at every learning rate of the grid (the picked one in bold):\n\n");
    List<Double> grid = r.selection().lrGrid();
    md.append("| Arm | Seed | ")
        .append(grid.stream().map(StudySelection::rate).collect(Collectors.joining(" | ")))
        .append(" |\n|---|---:|")
        .append("---:|".repeat(grid.size()))
        .append('\n');
    for (Arm arm : r.arms()) {
      for (ArmSeed seed : arm.seeds()) {
        if (seed.grid().isEmpty()) {
          continue;
        }
        md.append("| ").append(arm.arm()).append(" | ").append(seed.seed()).append(" |");
        for (double rate : grid) {
          md.append(' ').append(gridCell(seed, rate)).append(" |");
        }
        md.append('\n');
      }
    }
    md.append('\n');
  }

  /** Each curve in one row: its length, its best epoch (the first of a tie) and its last. */
  private static void epochs(StudyResult r, StringBuilder md) {
    if (everySeed(r, s -> s.validationByEpoch().isEmpty())) {
      return;
    }
    md.append(
        "Validation accuracy % by epoch (`validation_by_epoch` in the JSON; a budget that ends a"
            + " few steps into an epoch counts that epoch): the best epoch and the last. The model"
            + " reported is the last epoch's, or the best one's where early stopping kept it.\n\n");
    md.append(
        "| Arm | Seed | Epochs | Best epoch | Best | Last |\n|---|---:|---:|---:|---:|---:|\n");
    for (Arm arm : r.arms()) {
      for (ArmSeed seed : arm.seeds()) {
        List<Double> curve = seed.validationByEpoch();
        if (curve.isEmpty()) {
          continue;
        }
        int best = indexOfMax(curve);
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %d | %d | %s | %s |%n",
                arm.arm(),
                seed.seed(),
                curve.size(),
                best + 1,
                number(curve.get(best), 2),
                number(curve.get(curve.size() - 1), 2)));
      }
    }
    md.append('\n');
  }

  private static String gridCell(ArmSeed seed, double rate) {
    for (GridPoint p : seed.grid()) {
      if (p.learningRate() == rate) {
        if (p.failed()) {
          return "failed";
        }
        String value = number(p.validationAccuracy(), 2);
        boolean picked = seed.learningRate() != null && seed.learningRate() == rate;
        return picked ? "**" + value + "**" : value;
      }
    }
    return "";
  }

  /** The temperatures THIN's read-out was calibrated at, where the spec asked for it. */
  private static void calibration(StudyResult r, StringBuilder md) {
    List<String> fitted = new ArrayList<>();
    for (Arm arm : r.arms()) {
      for (ArmSeed seed : arm.seeds()) {
        if (seed.headTemperature() != null) {
          fitted.add(
              String.format(
                  Locale.ROOT,
                  "%s %.3f (seed %d)",
                  arm.arm(),
                  seed.headTemperature(),
                  seed.seed()));
        }
      }
    }
    if (fitted.isEmpty()) {
      return;
    }
    md.append(
            "Read-out calibrated before fine-tuning (`finetune.calibrateHead`): the temperature its"
                + " weights and bias were divided by, fitted on training examples: ")
        .append(String.join(", ", fitted))
        .append(
            ". A temperature above 1 means imitation left the head more confident than it"
                + " is accurate.\n\n");
  }

  /** Each model's dead units: their share over all layers and the layer with the most. */
  private static void inactiveUnits(StudyResult r, StringBuilder md) {
    if (everySeed(r, s -> s.inactiveUnitsPerLayer().isEmpty())) {
      return;
    }
    md.append(
        "Inactive units: the share of each layer's output units that none of the first 512"
            + " training examples switches on (dead ReLU units, which no gradient revives),"
            + " averaged over the layers, and the layer with the most (layers counted from 0)."
            + "\n\n");
    md.append("| Arm | Seed | Mean over layers | Worst layer |\n|---|---:|---:|---|\n");
    for (Arm arm : r.arms()) {
      for (ArmSeed seed : arm.seeds()) {
        List<Double> shares = seed.inactiveUnitsPerLayer();
        if (shares.isEmpty()) {
          continue;
        }
        int worst = indexOfMax(shares);
        double mean = shares.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %.1f%% | %s |%n",
                arm.arm(),
                seed.seed(),
                100 * mean,
                shares.get(worst) == 0
                    ? "none"
                    : String.format(Locale.ROOT, "L%d %.1f%%", worst, 100 * shares.get(worst))));
      }
    }
    md.append('\n');
  }

  private static boolean everySeed(StudyResult r, Predicate<ArmSeed> test) {
    return r.arms().stream().flatMap(a -> a.seeds().stream()).allMatch(test);
  }

  /** The position of the largest value, the first of a tie. */
  private static int indexOfMax(List<Double> values) {
    int largest = 0;
    for (int i = 1; i < values.size(); i++) {
      if (values.get(i) > values.get(largest)) {
        largest = i;
      }
    }
    return largest;
  }

  private static void imitation(StudyResult r, StringBuilder md) {
    md.append("## Imitation\n\n");
    md.append("Loss of each phase on a fixed probe batch, start -> end; merge error is the max");
    md.append(" |logits(S-bar) - logits(merged S)| the engine checked. A phase whose smoothed");
    md.append(" training loss jumped says how often, and how often it rolled back.\n\n");
    md.append("| Seed | Merge error | Phases (start -> end) |\n|---:|---:|---|\n");
    for (Imitation run : r.imitation()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s |%n",
              run.seed(),
              run.mergeMaxAbsError() == null
                  ? "n/a"
                  : String.format(Locale.ROOT, "%.2e", run.mergeMaxAbsError()),
              phaseLosses(run.phases())));
    }
  }

  /** {@code head 1.2->0.3}, {@code L0 ...} or {@code all layers ...}, as the console prints it. */
  static String phaseLosses(List<Phase> phases) {
    return phases.stream()
        .map(
            p ->
                String.format(
                        Locale.ROOT,
                        "%s %.3g->%.3g",
                        p.what().startsWith("layer ") ? "L" + p.phase() : p.what(),
                        p.startLoss() == null ? Double.NaN : p.startLoss(),
                        p.endLoss() == null ? Double.NaN : p.endLoss())
                    + PhaseLoss.jumpSummary(
                        p.jumps() == null ? 0 : p.jumps(),
                        p.rollbacks() == null ? 0 : p.rollbacks()))
        .collect(Collectors.joining(", "));
  }

  private static String rates(List<Double> rates) {
    List<String> distinct = rates.stream().map(StudySelection::rate).distinct().toList();
    return distinct.isEmpty() ? "n/a" : String.join(", ", distinct);
  }

  private static String number(Double value, int decimals) {
    return value == null || !Double.isFinite(value)
        ? "n/a"
        : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static String count(Long value) {
    return value == null ? "n/a" : String.format(Locale.ROOT, "%,d", value);
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }
}
