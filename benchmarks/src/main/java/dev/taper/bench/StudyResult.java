package dev.taper.bench;

import dev.taper.spec.ExperimentSpec;
import dev.taper.training.ModelMetrics;
import dev.taper.training.PhaseLoss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything a study measured so far; the reports are rendered from it after every seed. */
final class StudyResult {

  /** The arms, in report order: the teacher, the baselines, then the method's two outputs. */
  static final List<String> ARMS = List.of("WIDE", "SCRATCH", "KD", "DEEPER", "WARMED", "THIN");

  private final ExperimentSpec spec;
  private final int seedsPlanned;
  private final Map<String, Object> machine;
  private final String date;
  private final List<SeedRun> seedRuns = new ArrayList<>();
  private ThinBudgetReport budget;
  private double totalWallSeconds;

  StudyResult(ExperimentSpec spec, int seedsPlanned, Map<String, Object> machine, String date) {
    this.spec = spec;
    this.seedsPlanned = seedsPlanned;
    this.machine = machine;
    this.date = date;
  }

  /**
   * One arm's model from one seed.
   *
   * @param accuracy test accuracy, a fraction
   * @param wallSeconds wall time of the stages that trained this network, measured around {@code
   *     Stage.run} (upload and evaluation included); THIN counts IMITATE + FINETUNE
   * @param trainSeconds the same stages' training-loop time as the engine reports it
   * @param thinExamples thin-network training examples spent (for WIDE: the wide network's)
   */
  record ArmSeed(
      long seed,
      double accuracy,
      double loss,
      double validationAccuracy,
      double wallSeconds,
      double trainSeconds,
      double samplesPerSecond,
      long thinExamples,
      long params,
      long flops,
      long sizeBytes) {

    static ArmSeed of(long seed, ModelMetrics m, double wallSeconds) {
      return new ArmSeed(
          seed,
          m.testAccuracy(),
          m.testLoss(),
          m.validationAccuracy(),
          wallSeconds,
          m.wallSeconds(),
          m.samplesPerSecond(),
          m.thinExamplesSeen(),
          m.parameterCount(),
          m.flopsPerExample(),
          m.sizeBytes());
    }
  }

  /** Mean and sample standard deviation over seeds, in accuracy percent. */
  record ArmSummary(
      String arm,
      double accuracyMeanPercent,
      double accuracyStdPercent,
      long params,
      long flops,
      long thinExamples,
      double wallSecondsMean,
      List<ArmSeed> seeds) {}

  /** One seed's runs. */
  final class SeedRun {
    final long seed;
    final Map<String, ArmSeed> arms = new LinkedHashMap<>();
    List<PhaseLoss> phaseLosses = List.of();
    List<Double> layerLosses = List.of();
    double mergeError = Double.NaN;
    private double imitationWall;
    private double imitationTrain;

    SeedRun(long seed) {
      this.seed = seed;
    }

    void arm(String arm, ModelMetrics metrics, double wallSeconds) {
      arms.put(arm, ArmSeed.of(seed, metrics, wallSeconds));
      if ("WARMED".equals(arm)) {
        imitationWall = wallSeconds;
        imitationTrain = metrics.wallSeconds();
      }
    }

    void imitation(List<PhaseLoss> phases, ModelMetrics warmed) {
      this.phaseLosses = List.copyOf(phases);
      this.layerLosses = warmed.imitationLossPerLayer();
      this.mergeError = warmed.mergeMaxAbsError();
    }

    /** THIN: fine-tuning's model, charged with imitation's time and examples too. */
    void thin(ModelMetrics finetune, double finetuneWall, ModelMetrics warmed) {
      arms.put(
          "THIN",
          new ArmSeed(
              seed,
              finetune.testAccuracy(),
              finetune.testLoss(),
              finetune.validationAccuracy(),
              imitationWall + finetuneWall,
              imitationTrain + finetune.wallSeconds(),
              finetune.samplesPerSecond(),
              warmed.thinExamplesSeen() + finetune.thinExamplesSeen(),
              finetune.parameterCount(),
              finetune.flopsPerExample(),
              finetune.sizeBytes()));
    }
  }

  SeedRun startSeed(long seed) {
    SeedRun run = new SeedRun(seed);
    seedRuns.add(run);
    return run;
  }

  ArmSummary summary(String arm) {
    List<ArmSeed> seeds = new ArrayList<>();
    for (SeedRun run : seedRuns) {
      ArmSeed s = run.arms.get(arm);
      if (s != null) {
        seeds.add(s);
      }
    }
    if (seeds.isEmpty()) {
      return null;
    }
    List<Double> accuracies = seeds.stream().map(s -> 100 * s.accuracy()).toList();
    List<Double> walls = seeds.stream().map(ArmSeed::wallSeconds).toList();
    ArmSeed first = seeds.get(0);
    return new ArmSummary(
        arm,
        Stats.mean(accuracies),
        Stats.sampleStd(accuracies),
        first.params(),
        first.flops(),
        first.thinExamples(),
        Stats.mean(walls),
        List.copyOf(seeds));
  }

  /** Per-seed accuracy differences {@code a - b} in points, over seeds that ran both arms. */
  List<Double> pairedGaps(String a, String b) {
    List<Double> gaps = new ArrayList<>();
    for (SeedRun run : seedRuns) {
      ArmSeed x = run.arms.get(a);
      ArmSeed y = run.arms.get(b);
      if (x != null && y != null) {
        gaps.add(100 * (x.accuracy() - y.accuracy()));
      }
    }
    return gaps;
  }

  /** Difference of the means {@code a - b} in points (NaN until both arms have run). */
  double meanGap(String a, String b) {
    ArmSummary x = summary(a);
    ArmSummary y = summary(b);
    return x == null || y == null ? Double.NaN : x.accuracyMeanPercent() - y.accuracyMeanPercent();
  }

  ExperimentSpec spec() {
    return spec;
  }

  int seedsPlanned() {
    return seedsPlanned;
  }

  List<SeedRun> seedRuns() {
    return seedRuns;
  }

  Map<String, Object> machine() {
    return machine;
  }

  String date() {
    return date;
  }

  ThinBudgetReport budget() {
    return budget;
  }

  void setBudget(ThinBudgetReport budget) {
    this.budget = budget;
  }

  double totalWallSeconds() {
    return totalWallSeconds;
  }

  void setTotalWallSeconds(double seconds) {
    this.totalWallSeconds = seconds;
  }
}
