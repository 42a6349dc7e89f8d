package dev.taper.bench;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What the inference benchmark measured: every kept model of every study at every precision through
 * ONNX Runtime, and per study the receipt (THIN at int8 against WIDE at float32). Accuracies are
 * percent of the study's test split; a value that could not be measured is null.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record InferenceResult(
    String date, Machine machine, Settings settings, List<Model> models, List<Receipt> receipts) {

  /** The receipt's bar: THIN at int8 this many times faster than WIDE at float32, batch 1. */
  static final double SPEEDUP_TARGET = 5.0;

  /** The receipt's bar: THIN at int8 at most this many points below the study's THIN accuracy. */
  static final double ACCURACY_TOLERANCE = 0.5;

  InferenceResult {
    models = List.copyOf(models);
    receipts = List.copyOf(receipts);
  }

  /**
   * @param rounds every model is timed once per round, models interleaved, and the medians over the
   *     rounds are reported, so that a burst of load elsewhere hits one round of every model
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Settings(
      String runtime, int intraOpThreads, int warmUpRuns, int runs, int batchSize, int rounds) {}

  /**
   * One exported model.
   *
   * @param djlAccuracy the same network's accuracy in DJL at float32, the reference
   * @param studyAccuracy the accuracy the study reported for this arm and seed, when its result
   *     file is at hand
   * @param agreement share of test examples given the class DJL gives them, percent
   * @param p50Millis median over the rounds of each round's median batch-1 latency
   * @param p99Millis median over the rounds of each round's 99th-percentile batch-1 latency
   * @param examplesPerSecond median over the rounds of the throughput at the batch size
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Model(
      String study,
      String arm,
      String precision,
      long params,
      long fileBytes,
      long parameterBytes,
      int testExamples,
      double accuracy,
      double djlAccuracy,
      Double studyAccuracy,
      double agreement,
      double maxLogitDifference,
      double p50Millis,
      double p99Millis,
      double examplesPerSecond,
      List<Double> p50MillisByRound) {

    Model {
      p50MillisByRound = List.copyOf(p50MillisByRound);
    }
  }

  /**
   * @param speedup median over the rounds of WIDE fp32's batch-1 median latency over THIN int8's
   * @param accuracyBelowStudy the study's THIN accuracy minus THIN int8's through ONNX Runtime
   *     (DJL's float32 accuracy when the study's result file is not at hand), points
   * @param met both bars held
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Receipt(
      String study,
      double speedup,
      List<Double> speedupByRound,
      double thinInt8Accuracy,
      double thinReferenceAccuracy,
      double accuracyBelowStudy,
      long thinInt8FileBytes,
      long wideFp32FileBytes,
      boolean met) {

    Receipt {
      speedupByRound = List.copyOf(speedupByRound);
    }
  }
}
