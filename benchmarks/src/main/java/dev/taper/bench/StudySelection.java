package dev.taper.bench;

import dev.taper.bench.StudyResult.Selection;
import dev.taper.spec.Baseline;
import dev.taper.spec.ExperimentSpec;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Says, in each result, how the study's settings and learning rates were chosen. */
final class StudySelection {

  static final String CRITERION = "validation accuracy (highest wins; the first of a tie)";

  /** A study compares THIN with every baseline, whatever the spec's {@code baselines} says. */
  static final List<Baseline> BASELINES = List.of(Baseline.values());

  private StudySelection() {}

  /**
   * @param written the spec as the file wrote it
   * @param resolved the same with SpecDefaults filled in
   * @param tuning the grid and what is swept over it
   */
  static Selection of(ExperimentSpec written, ExperimentSpec resolved, StudyTuning tuning) {
    List<String> defaulted = SpecPaths.defaulted(written, resolved);
    List<Double> lrGrid = tuning.lrGrid();
    StringBuilder text = new StringBuilder();
    if (lrGrid.isEmpty()) {
      text.append(
          String.format(
              Locale.ROOT,
              "Learning rates were not tuned in this study: every arm trained at the spec's rate"
                  + " (WIDE %s, imitation %s, fine-tuning and the SCRATCH, KD and DEEPER baselines"
                  + " %s).",
              rate(resolved.wide().optimizer().learningRate()),
              rate(resolved.imitate().optimizer().learningRate()),
              rate(resolved.finetune().optimizer().learningRate())));
    } else {
      text.append(
          String.format(
              Locale.ROOT,
              "Learning rates were swept over the grid %s, the same for every arm: THIN's is"
                  + " fine-tuning's rate (%s), SCRATCH's, KD's and DEEPER's their own. %s Each"
                  + " arm's rate is picked per seed by %s on the validation hold-out"
                  + " (limits.validationFraction %s of the training examples); only the picked"
                  + " run's test accuracy is reported, every grid point's validation accuracy is"
                  + " listed.",
              lrGrid.stream().map(StudySelection::rate).collect(Collectors.joining(", ", "[", "]")),
              tuning.imitation()
                  ? "imitation is swept over the grid too, and WARMED, the run picked for it by"
                      + " its own validation accuracy, is the one fine-tuned"
                  : "imitation stays at "
                      + rate(resolved.imitate().optimizer().learningRate())
                      + ", so WARMED is trained once",
              tuning.wide()
                  ? "WIDE is swept over the grid too, and the run picked for it teaches every arm"
                      + " that needs a teacher."
                  : "WIDE trains once per seed at the spec's "
                      + rate(resolved.wide().optimizer().learningRate())
                      + " and teaches every arm that needs it.",
              CRITERION,
              resolved.limits().validationFraction()));
    }
    baselinesReplaced(written).ifPresent(note -> text.append(' ').append(note));
    text.append(
        defaulted.isEmpty()
            ? " The spec file sets every field itself."
            : " Fields the spec file leaves out come from SpecDefaults (listed in"
                + " defaulted_fields), and docs/method.md says how each was chosen: imitation's"
                + " schedule, loss, steps per layer and head settings, fine-tuning's epochs and"
                + " rate, and WIDE's epochs, by validation accuracy in Fashion-MNIST MLP studies,"
                + " none by test accuracy; the other learning rates and the batch sizes are"
                + " common starting values, not measured choices (a study's grid re-picks the"
                + " rates on validation).");
    return new Selection(
        text.toString(),
        lrGrid,
        tuning.wide(),
        tuning.imitation(),
        lrGrid.isEmpty() ? null : CRITERION,
        defaulted);
  }

  /**
   * Says that the study trains every baseline although the spec file lists fewer (the service would
   * train only those listed); empty when the file lists all of them or leaves the field out.
   */
  static Optional<String> baselinesReplaced(ExperimentSpec written) {
    if (written.baselines() == null
        || Set.copyOf(written.baselines()).equals(Set.copyOf(BASELINES))) {
      return Optional.empty();
    }
    return Optional.of(
        "The spec file lists the baselines "
            + written.baselines().stream()
                .map(Baseline::wireName)
                .collect(Collectors.joining(", ", "[", "]"))
            + "; a study trains all three (SCRATCH, KD and DEEPER), and its recorded spec lists"
            + " them.");
  }

  /** A learning rate as people write it: {@code 1e-3}, {@code 3e-4}, {@code 2.5e-3}. */
  static String rate(double value) {
    int exponent = (int) Math.floor(Math.log10(value));
    double mantissa = value / Math.pow(10, exponent);
    String digits = String.format(Locale.ROOT, "%.2f", mantissa).replaceFirst("\\.?0+$", "");
    return digits + "e" + exponent;
  }
}
