package dev.taper.bench;

import dev.taper.bench.StudyResult.Arm;
import dev.taper.bench.StudyResult.ArmSeed;
import dev.taper.bench.StudyResult.GridPoint;
import dev.taper.bench.StudyResult.Imitation;
import dev.taper.bench.StudyResult.Phase;
import dev.taper.bench.StudyResult.Selection;
import dev.taper.spec.ExperimentSpec;
import dev.taper.training.ImitationConfig;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.ModelMetrics;
import dev.taper.training.PhaseLoss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects a study's measurements as its seeds run, and turns them into a {@link StudyResult} at
 * any point (the files are rewritten after every seed, so an interrupted study keeps what it
 * finished).
 */
final class StudyRecorder {

  private final ExperimentSpec spec;
  private final int seedsPlanned;
  private final Machine machine;
  private final String date;
  private final Selection selection;
  private final List<SeedRecord> seeds = new ArrayList<>();
  private ThinBudgetReport budget;
  private int seedsDone;
  private double totalWallSeconds = Double.NaN;
  private String resumed;
  private String reused;

  /** How the warning of a study that resumed from its journal begins. */
  static final String RESUMED = "resumed after an interruption: ";

  /** How the note of a study that took runs from other studies' journals begins. */
  static final String REUSED = "reused runs: ";

  StudyRecorder(
      ExperimentSpec spec, int seedsPlanned, Machine machine, String date, Selection selection) {
    this.spec = spec;
    this.seedsPlanned = seedsPlanned;
    this.machine = machine;
    this.date = date;
    this.selection = selection;
  }

  /** One seed's arms, measured or failed, and its imitation losses. */
  static final class SeedRecord {
    private final long seed;
    private final Map<String, ArmSeed> arms = new LinkedHashMap<>();
    private Imitation imitation;

    SeedRecord(long seed) {
      this.seed = seed;
    }

    long seed() {
      return seed;
    }

    void measured(String arm, ArmSeed result) {
      arms.put(arm, result);
    }

    void failed(String arm, String error, List<GridPoint> grid) {
      arms.put(arm, ArmSeed.failure(seed, error, grid));
    }

    /**
     * @param config the imitation that ran: a joint phase's loss sums over layers, and includes the
     *     logits' term when it matched them too
     */
    Imitation imitation(ModelMetrics warmed, ImitationConfig config) {
      List<PhaseLoss> losses = warmed.phaseLosses();
      List<Phase> phases = new ArrayList<>();
      String joint = config.jointMatchesLogits() ? "all layers and logits" : "all layers";
      for (int i = 0; i < losses.size(); i++) {
        PhaseLoss p = losses.get(i);
        String what =
            i == losses.size() - 1
                ? "head"
                : config.schedule() == ImitationSchedule.JOINT ? joint : "layer " + p.phase();
        phases.add(new Phase(p.phase(), what, p.start(), p.end(), p.jumps(), p.rollbacks()));
      }
      imitation =
          new Imitation(seed, warmed.mergeMaxAbsError(), warmed.imitationLossPerLayer(), phases);
      return imitation;
    }
  }

  void setBudget(ThinBudgetReport budget) {
    this.budget = budget;
  }

  SeedRecord startSeed(long seed) {
    SeedRecord record = new SeedRecord(seed);
    seeds.add(record);
    return record;
  }

  void finishSeed() {
    seedsDone++;
  }

  void setTotalWallSeconds(double seconds) {
    this.totalWallSeconds = seconds;
  }

  /**
   * Notes that the study resumed from its journal.
   *
   * @param runs how many runs were read back instead of trained
   * @param seconds the wall time those runs had taken, which the total includes
   */
  void setResumed(int runs, double seconds) {
    this.resumed =
        RESUMED
            + runs
            + (runs == 1 ? " run was" : " runs were")
            + " read back from the study's journal instead of trained again; the total wall time"
            + " counts their recorded "
            + ConsoleProgress.duration(seconds)
            + " but not the work the interruption lost";
  }

  /**
   * Notes that runs were taken from other studies' journals.
   *
   * @param runs how many
   * @param sources the journals they came from ({@link ReusableRuns})
   * @param vouched those of them written by another commit's build
   */
  void setReused(int runs, List<String> sources, List<String> vouched) {
    this.reused =
        REUSED
            + runs
            + (runs == 1 ? " run was" : " runs were")
            + " not trained for this study but taken from "
            + String.join("; ", sources)
            + ", where a run with the same recipe (stage, seed, data, network and settings) had"
            + " finished on the same kernels and threads; their figures are that run's to the"
            + " last digit, and their wall times were measured when they trained"
            + (vouched.isEmpty()
                ? ""
                : "; "
                    + String.join("; ", vouched)
                    + (vouched.size() == 1 ? " was" : " were")
                    + " built from another commit than this study, and whoever ran it"
                    + " (--reuse-across-revisions) vouched that nothing those runs depend on"
                    + " changed between them (git diff shows what did)");
  }

  /** Whether any arm of any seed produced a model. */
  boolean measuredAnything() {
    return seeds.stream().flatMap(s -> s.arms.values().stream()).anyMatch(a -> !a.failed());
  }

  StudyResult result() {
    List<Arm> arms = arms();
    StudyResult.Teacher teacher = StudyWarnings.teacher(arms);
    return new StudyResult(
        StudyResult.Units.STUDY,
        spec.name(),
        date,
        seedsPlanned,
        seedsDone,
        totalWallSeconds,
        machine,
        spec,
        budget,
        StudyTargets.evaluate(arms),
        arms,
        seeds.stream().map(s -> s.imitation).filter(i -> i != null).toList(),
        selection,
        teacher,
        warnings(arms, teacher));
  }

  private List<String> warnings(List<Arm> arms, StudyResult.Teacher teacher) {
    List<String> warnings = new ArrayList<>(StudyWarnings.of(arms, teacher, selection));
    if (resumed != null) {
      warnings.add(resumed);
    }
    if (reused != null) {
      warnings.add(reused);
    }
    return warnings;
  }

  private List<Arm> arms() {
    List<Arm> arms = new ArrayList<>();
    for (String name : StudyResult.ARMS) {
      List<ArmSeed> perSeed = new ArrayList<>();
      for (SeedRecord seed : seeds) {
        ArmSeed a = seed.arms.get(name);
        if (a != null) {
          perSeed.add(a);
        }
      }
      if (!perSeed.isEmpty()) {
        arms.add(summarise(name, perSeed));
      }
    }
    return arms;
  }

  static Arm summarise(String name, List<ArmSeed> perSeed) {
    List<ArmSeed> measured = perSeed.stream().filter(s -> !s.failed()).toList();
    ArmSeed firstFailure = perSeed.stream().filter(ArmSeed::failed).findFirst().orElse(null);
    ArmSeed first = measured.isEmpty() ? null : measured.get(0);
    List<Double> accuracies = measured.stream().map(ArmSeed::accuracy).toList();
    return new Arm(
        name,
        measured.isEmpty() ? null : Stats.mean(accuracies),
        Stats.finite(Stats.sampleStd(accuracies)),
        first == null ? null : first.params(),
        first == null ? null : first.flops(),
        first == null || "WIDE".equals(name) ? null : first.examplesSeen(),
        mean(measured.stream().map(ArmSeed::wallSeconds).toList()),
        perSeed,
        mean(measured.stream().map(ArmSeed::validationAccuracy).toList()),
        mean(measured.stream().map(ArmSeed::trainingFlops).toList()),
        mean(measured.stream().map(ArmSeed::trainingFlopsWithGrid).toList()),
        measured.stream().map(ArmSeed::learningRate).toList(),
        firstFailure != null,
        firstFailure == null ? null : firstFailure.error());
  }

  private static Double mean(List<Double> values) {
    return values.isEmpty() ? null : Stats.mean(values);
  }
}
