package dev.taper.bench;

import java.util.List;

/**
 * What the imitation-speed benchmark measured: each kind of run's examples per second, by the wall
 * clock and by the CPU time of the thread that ran it, and the imitation stages' medians as a
 * fraction of the supervised loop's.
 *
 * @param examples examples per timed run, the same for every kind
 * @param rates supervised, joint and progressive, in that order
 */
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
          + " steps per layer and schedule. cpu counts the CPU time of the thread that ran it"
          + " (with one torch thread, all the work); relative is a stage's median cpu rate over"
          + " the supervised median. Synthetic examples, untrained teacher: speed does not depend"
          + " on the values.";

  /**
   * @param runs every timed run's rates
   * @param relativeToSupervised the median cpu rate over the supervised run's median cpu rate
   */
  record Kind(
      String kind,
      List<Timed.Rate> runs,
      double medianWall,
      double medianCpu,
      double relativeToSupervised) {}

  static ImitationSpeedResult of(
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
      List<Timed.Rate> supervised,
      List<Timed.Rate> joint,
      List<Timed.Rate> progressive) {
    double baseline = medianCpu(supervised);
    return new ImitationSpeedResult(
        date,
        machine,
        spec,
        family,
        layers,
        thinParameters,
        widenFactor,
        stepsPerLayer,
        batchSize,
        examples,
        UNITS,
        List.of(
            kind("supervised", supervised, baseline),
            kind("joint imitation", joint, baseline),
            kind("progressive imitation", progressive, baseline)));
  }

  private static Kind kind(String name, List<Timed.Rate> runs, double baseline) {
    double cpu = medianCpu(runs);
    double wall = Stats.median(runs.stream().map(Timed.Rate::wall).toList());
    return new Kind(name, List.copyOf(runs), wall, cpu, cpu / baseline);
  }

  private static double medianCpu(List<Timed.Rate> runs) {
    return Stats.median(runs.stream().map(Timed.Rate::cpu).toList());
  }
}
