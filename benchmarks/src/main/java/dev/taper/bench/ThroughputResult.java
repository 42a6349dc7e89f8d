package dev.taper.bench;

import dev.taper.training.family.Architecture;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Everything one throughput run measured, as data: {@link ThroughputJson} writes it as {@code
 * throughput.json}, {@link ThroughputMarkdown} as {@code throughput.md}. Headline numbers are
 * medians by the wall clock (the field names of the first files: {@code naive_*} is DJL's stock
 * loop); {@code cpu_time} holds the same medians by the calling thread's CPU time.
 *
 * @param cpuTime medians by thread CPU time, or null when libtorch ran more than one thread (the
 *     calling thread's CPU time then misses the others')
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ThroughputResult(
    String date,
    boolean quick,
    String units,
    Machine machine,
    double matmulGflops,
    double wideTrainGflops,
    double wideFractionOfPeak,
    double thinSamplesPerS,
    double naiveThinSamplesPerS,
    double thinSpeedup,
    Targets targets,
    Map<String, Family> families,
    Runs runs,
    Setup setup,
    CpuTime cpuTime) {

  static final String UNITS =
      "GFLOP/s counts a multiply-add as 2 FLOPs; training FLOPs = 3 x forward; samples/s are"
          + " training examples per second around the whole loop call, by the wall clock (headline"
          + " fields) and by the calling thread's CPU time (cpu_time, with one libtorch thread);"
          + " every headline number is the median of the runs listed beside it";

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Targets(
      double wideFractionOfPeakMin, boolean wideMet, double thinSpeedupMin, boolean thinMet) {}

  /** A study's wide ResNet or Transformer trained by the engine's loop. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Family(
      Architecture architecture,
      long flopsPerExample,
      double trainGflops,
      double fractionOfPeak,
      List<Double> samplesPerS,
      String setup,
      Double cpuTrainGflops,
      List<Double> cpuSamplesPerS) {}

  /** Every run, in run order (the thin loops alternate run by run). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Runs(
      List<Double> matmulGflops,
      List<Double> wideSamplesPerS,
      List<Double> wideTrainGflops,
      List<Double> thinSamplesPerS,
      List<Double> naiveThinSamplesPerS,
      List<Double> matmulCpuGflops,
      List<Double> wideCpuSamplesPerS,
      List<Double> thinCpuSamplesPerS,
      List<Double> naiveThinCpuSamplesPerS) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Setup(String matmul, String wide, String thin) {}

  /** The headline medians by the calling thread's CPU time. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record CpuTime(
      double matmulGflops,
      double wideTrainGflops,
      double wideFractionOfPeak,
      double thinSamplesPerS,
      double naiveThinSamplesPerS,
      double thinSpeedup) {}
}
