package dev.taper.bench;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.taper.spec.ExperimentSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Everything a study measured, as data: {@link StudyJson} writes it as {@code NAME.json} (and reads
 * it back, older files included), {@link StudyMarkdown} and {@link StudySvg} render it. Accuracies
 * are percent; a value that could not be measured is null.
 *
 * @param seedsDone seeds whose every arm ran (measured or failed)
 * @param selection how the settings and learning rates were chosen
 * @param teacher WIDE's validation accuracy against DEEPER's (whether the teacher is worth it)
 * @param warnings what a reader should know before trusting the numbers
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record StudyResult(
    Units units,
    String name,
    String date,
    int seedsPlanned,
    int seedsDone,
    Double totalWallSeconds,
    Machine machine,
    ExperimentSpec spec,
    ThinBudgetReport thinBudget,
    Target target,
    List<Arm> arms,
    List<Imitation> imitation,
    Selection selection,
    Teacher teacher,
    List<String> warnings) {

  /** The arms, in report order: the teacher, the baselines, then the method's two outputs. */
  static final List<String> ARMS = List.of("WIDE", "SCRATCH", "KD", "DEEPER", "WARMED", "THIN");

  StudyResult {
    arms = arms == null ? List.of() : List.copyOf(arms);
    imitation = imitation == null ? List.of() : List.copyOf(imitation);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** The same result with the target, teacher check and warnings replaced. */
  StudyResult withChecks(
      Target newTarget, List<Arm> newArms, Teacher newTeacher, List<String> newWarnings) {
    return new StudyResult(
        units,
        name,
        date,
        seedsPlanned,
        seedsDone,
        totalWallSeconds,
        machine,
        spec,
        thinBudget,
        newTarget,
        newArms,
        imitation,
        selection,
        newTeacher,
        newWarnings);
  }

  Optional<Arm> arm(String name) {
    return arms.stream().filter(a -> a.arm().equals(name)).findFirst();
  }

  /** What the numbers mean, written into every file so that it explains itself. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Units(
      String accuracy,
      String loss,
      String wallSeconds,
      String flops,
      String thinExamples,
      String trainingFlops,
      String validationAccuracy) {

    static final Units STUDY =
        new Units(
            "percent (test accuracy x 100); accuracy_std is the sample standard deviation over"
                + " seeds, in percentage points; per-seed accuracy is percent too",
            "mean test cross-entropy (nats)",
            "wall time of the stages that trained the arm's network, measured around Stage.run"
                + " (data upload and evaluation included); THIN = IMITATE + FINETUNE, WARMED ="
                + " IMITATE; the WIDE teacher's time is in WIDE only; with a learning-rate grid,"
                + " the picked run's time",
            "forward FLOPs per example, a multiply-add counted as 2",
            "thin-network training examples (optimiser steps x batch size)",
            "training FLOPs of everything the arm needed, the WIDE teacher's training included"
                + " for WARMED, THIN and KD, as the engine counts each stage"
                + " (ModelMetrics.trainingFlops): every pass its steps and fits ran, 3 x forward"
                + " FLOPs through parameters that train, 1 x through frozen layers and for the"
                + " teacher's reads; runs from journals written before the engine counted are"
                + " costed by the earlier formula, 3 x forward FLOPs x training examples plus one"
                + " teacher forward pass per example read (benchmarks/README.md);"
                + " training_flops_with_grid adds every grid point",
            "percent, on the validation hold-out (limits.validationFraction of the training"
                + " examples); the only accuracy used to pick anything");
  }

  /**
   * One arm over the seeds. Means and std are over the seeds where the arm was measured.
   *
   * @param failed whether the arm failed in at least one seed ({@code error} says why, first)
   * @param learningRates the learning rate each measured seed used (the grid's pick, if any)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Arm(
      String arm,
      Double accuracyMean,
      Double accuracyStd,
      Long params,
      Long flops,
      Long thinExamples,
      Double wallSecondsMean,
      List<ArmSeed> seeds,
      Double validationAccuracyMean,
      Double trainingFlops,
      Double trainingFlopsWithGrid,
      List<Double> learningRates,
      boolean failed,
      String error) {

    Arm {
      seeds = seeds == null ? List.of() : List.copyOf(seeds);
      learningRates = learningRates == null ? List.of() : List.copyOf(learningRates);
    }

    /** Seeds where the arm produced a model. */
    @JsonIgnore
    List<ArmSeed> measured() {
      return seeds.stream().filter(s -> !s.failed() && s.accuracy() != null).toList();
    }

    /** Whether a measured seed's wall time was read back from a journal instead of measured. */
    @JsonIgnore
    boolean wallTimeReplayed() {
      return measured().stream().anyMatch(s -> Boolean.TRUE.equals(s.replayed()));
    }

    @JsonIgnore
    Optional<ArmSeed> seed(long seed) {
      return measured().stream().filter(s -> s.seed() == seed).findFirst();
    }

    Arm withValidationAccuracyMean(Double mean) {
      return new Arm(
          arm,
          accuracyMean,
          accuracyStd,
          params,
          flops,
          thinExamples,
          wallSecondsMean,
          seeds,
          mean,
          trainingFlops,
          trainingFlopsWithGrid,
          learningRates,
          failed,
          error);
    }
  }

  /**
   * One arm in one seed: the model the grid picked (or the only one), or the failure.
   *
   * @param accuracy test accuracy, percent
   * @param validationAccuracy validation accuracy of the same model, percent
   * @param validationByEpoch validation accuracy (percent) after each epoch of the run that made
   *     the model (THIN: fine-tuning's), so the epoch early stopping kept can be read off; empty
   *     for WARMED, a failed arm, and results written before it was recorded
   * @param examplesSeen thin-network training examples (WIDE: its own)
   * @param headTemperature the temperature THIN's read-out was divided by before fine-tuning
   *     ({@code finetune.calibrateHead}); null for every other arm and without calibration
   * @param inactiveUnitsPerLayer per layer of the model, the share of its output units no probe
   *     example switches on (dead ReLU units); empty for results written before it was recorded
   * @param trainingFlops what this model cost, teacher included (see {@link Units})
   * @param grid every learning rate tried and its validation accuracy; empty without a grid
   * @param replayed whether a run behind {@code wallSeconds} was read back from the study's
   *     journal, so its time is the one recorded when it trained, under that process's load; null
   *     in results written before it was kept
   * @param recipe the SHA-256 of the picked run's recipe ({@link RunRecipe}: the stage, seed,
   *     limits, network, settings at its rate and the recipes of the runs it started from), the key
   *     its journal keeps it under; equal digests mean runs that compute the same figures on the
   *     same kernels and code. Null for a failed arm and in results written before it was kept
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ArmSeed(
      long seed,
      Double accuracy,
      Double loss,
      Double wallSeconds,
      Double validationAccuracy,
      List<Double> validationByEpoch,
      Double trainSeconds,
      Double samplesPerSecond,
      Long examplesSeen,
      Long sizeBytes,
      Long params,
      Long flops,
      Double learningRate,
      Double headTemperature,
      List<Double> inactiveUnitsPerLayer,
      Double trainingFlops,
      Double trainingFlopsWithGrid,
      List<GridPoint> grid,
      boolean failed,
      String error,
      Boolean replayed,
      String recipe) {

    ArmSeed {
      grid = grid == null ? List.of() : List.copyOf(grid);
      validationByEpoch = validationByEpoch == null ? List.of() : List.copyOf(validationByEpoch);
      inactiveUnitsPerLayer =
          inactiveUnitsPerLayer == null ? List.of() : List.copyOf(inactiveUnitsPerLayer);
    }

    static ArmSeed failure(long seed, String error, List<GridPoint> grid) {
      return new ArmSeed(
          seed, null, null, null, null, List.of(), null, null, null, null, null, null, null, null,
          List.of(), null, null, grid, true, error, null, null);
    }
  }

  /** One learning rate tried for one arm in one seed; test accuracy is deliberately absent. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record GridPoint(double learningRate, Double validationAccuracy, boolean failed, String error) {}

  /** The comparisons THIN must win, and how it did. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Target(List<String> comparedWith, Boolean met, List<Comparison> comparisons) {

    Target {
      comparedWith = comparedWith == null ? List.of() : List.copyOf(comparedWith);
      comparisons = comparisons == null ? List.of() : List.copyOf(comparisons);
    }

    /** The flat keys of the first result files ({@code thin_minus_scratch_points}, ...). */
    @JsonAnyGetter
    Map<String, Object> legacyKeys() {
      Map<String, Object> keys = new LinkedHashMap<>();
      for (Comparison c : comparisons) {
        String key = "thin_minus_" + c.arm().toLowerCase(Locale.ROOT);
        keys.put(key + "_threshold_points", c.thresholdPoints());
        keys.put(key + "_points", c.gapPoints());
        keys.put(key + "_paired_std_points", c.pairedStdPoints());
        keys.put(key + "_per_seed_points", c.perSeedPoints());
        keys.put(key + "_met", c.met());
      }
      return keys;
    }
  }

  /**
   * THIN against one arm: the difference of the means, the per-seed paired differences (seeds where
   * both were measured) and their sample std, the threshold, and whether it is met.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Comparison(
      String arm,
      double thresholdPoints,
      Double gapPoints,
      Double pairedStdPoints,
      List<Double> perSeedPoints,
      Boolean met) {}

  /** One seed's imitation: every phase's probe loss before and after, and the merge error. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Imitation(
      long seed, Double mergeMaxAbsError, List<Double> layerLosses, List<Phase> phases) {}

  /**
   * @param jumps how often the phase's smoothed training loss jumped (null in files written before
   *     jumps were watched)
   * @param rollbacks how often the phase rolled back from a jump (null likewise)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Phase(
      int phase, String what, Double startLoss, Double endLoss, Integer jumps, Integer rollbacks) {}

  /**
   * How the settings were chosen, in words and as data.
   *
   * @param lrGrid the learning rates swept for the baselines and fine-tuning (and for WIDE and
   *     imitation when tuned), or empty when none were
   * @param wideTuned whether WIDE was swept over the grid too (false, also for result files written
   *     before the option existed: WIDE trained at the spec's rate)
   * @param imitationTuned whether imitation (arm WARMED) was swept over the grid too, picked by
   *     WARMED's validation accuracy (false, also for files written before the option existed)
   * @param defaultedFields spec fields the spec file left out, filled in by SpecDefaults
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Selection(
      String text,
      List<Double> lrGrid,
      Boolean wideTuned,
      Boolean imitationTuned,
      String criterion,
      List<String> defaultedFields) {
    Selection {
      wideTuned = Boolean.TRUE.equals(wideTuned);
      imitationTuned = Boolean.TRUE.equals(imitationTuned);
    }

    /**
     * What was chosen and how, without the prose that explains it (which code may reword) and
     * without the list of defaulted fields: runs of one spec file differ there only by fields added
     * to the spec since the earlier run, and their resolved values are compared with the spec.
     */
    Selection choice() {
      return new Selection(null, lrGrid, wideTuned, imitationTuned, criterion, null);
    }
  }

  /**
   * WIDE's validation accuracy against DEEPER's, both means over seeds (percent); the teacher is
   * expected to be at least {@code minimumMarginPoints} better.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Teacher(
      Double wideValidationAccuracy,
      Double deeperValidationAccuracy,
      Double marginPoints,
      double minimumMarginPoints,
      Boolean ok) {}
}
