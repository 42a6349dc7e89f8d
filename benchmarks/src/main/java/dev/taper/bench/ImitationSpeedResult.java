package dev.taper.bench;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What the imitation-speed benchmark measured: each kind of run's examples per second, by the wall
 * clock and by the CPU time of the thread that ran it, and the imitation stages' medians as a
 * fraction of the supervised loop's.
 *
 * @param examples examples per timed run, the same for every kind
 * @param rates supervised, joint and progressive, in that order
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ImitationSpeedResult(
    String date,
    Machine machine,
    String spec,
    String family,
    int layers,
    long thinParameters,
    int widenFactor,
    int stepsPerLayer,
    int batchSize,
    long examples,
    String units,
    List<Kind> rates) {

  static final String UNITS =
      "Examples per second passed through the thin network: a supervised run trains it on labels"
          + " with the engine's loop; an imitation run is one whole imitation stage (fits, steps,"
          + " the head phase, merge and evaluation) with the spec's imitation settings except"
          + " steps per layer and schedule. whole: around the whole call, by the CPU time of the"
          + " thread that ran it (with one torch thread, all the work) and by the wall clock;"
          + " steps: the stage's own training loop, its steps alone, by the wall clock (a"
          + " supervised run is all steps). relative: a median over the supervised median, whole"
          + " by CPU time and steps by steps. Synthetic examples, untrained teacher: speed does"
          + " not depend on the values.";

  /**
   * @param whole the rate around the whole call
   * @param steps the rate of the training loop's steps alone, by the wall clock
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Run(Timed.Rate whole, double steps) {}

  /**
   * @param runs every timed run
   * @param relativeToSupervised the median whole cpu rate over the supervised run's
   * @param stepsRelativeToSupervised the median steps rate over the supervised run's
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Kind(
      String kind,
      List<Run> runs,
      double medianWall,
      double medianCpu,
      double medianSteps,
      double relativeToSupervised,
      double stepsRelativeToSupervised) {}

  /** The three kinds' medians, each relative to the supervised loop's. */
  static List<Kind> kinds(List<Run> supervised, List<Run> joint, List<Run> progressive) {
    Kind baseline = kind("supervised", supervised, null);
    return List.of(
        baseline,
        kind("joint imitation", joint, baseline),
        kind("progressive imitation", progressive, baseline));
  }

  /**
   * @param baseline the supervised kind, or null for the supervised kind itself
   */
  private static Kind kind(String name, List<Run> runs, Kind baseline) {
    double wall = Stats.median(runs.stream().map(run -> run.whole().wall()).toList());
    double cpu = Stats.median(runs.stream().map(run -> run.whole().cpu()).toList());
    double steps = Stats.median(runs.stream().map(Run::steps).toList());
    double cpuBase = baseline == null ? cpu : baseline.medianCpu();
    double stepsBase = baseline == null ? steps : baseline.medianSteps();
    return new Kind(name, List.copyOf(runs), wall, cpu, steps, cpu / cpuBase, steps / stepsBase);
  }
}
