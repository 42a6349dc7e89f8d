package dev.taper.training.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Measures an exported model through ONNX Runtime: batch-1 latency percentiles and the throughput
 * of full batches, each after a warm-up, with the intra-op thread count set explicitly. Inputs are
 * built before the clock starts, so only inference is timed.
 */
public final class LatencyMeter {

  /** Batch-1 inputs cycled through, so a run does not always see the same example. */
  private static final int DISTINCT_SINGLES = 16;

  private final int intraOpThreads;
  private final int warmUpRuns;
  private final int runs;
  private final int batchSize;

  public LatencyMeter(int intraOpThreads, int warmUpRuns, int runs, int batchSize) {
    if (intraOpThreads < 1 || warmUpRuns < 0 || runs < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "need threads >= 1, warm-up >= 0, runs >= 1, batch >= 1: "
              + List.of(intraOpThreads, warmUpRuns, runs, batchSize));
    }
    this.intraOpThreads = intraOpThreads;
    this.warmUpRuns = warmUpRuns;
    this.runs = runs;
    this.batchSize = batchSize;
  }

  public LatencyReport measure(byte[] model, RawExamples examples) {
    if (examples.size() < batchSize) {
      throw new IllegalArgumentException(
          "need at least " + batchSize + " examples, have " + examples.size());
    }
    try (OnnxClassifier classifier = new OnnxClassifier(model, intraOpThreads)) {
      long[] singles = timeSingles(classifier, examples);
      Arrays.sort(singles);
      double batchSeconds = timeBatches(classifier, examples);
      return new LatencyReport(
          model.length,
          intraOpThreads,
          runs,
          percentile(singles, 0.50) / 1e6,
          percentile(singles, 0.99) / 1e6,
          batchSize,
          (double) runs * batchSize / batchSeconds);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  private long[] timeSingles(OnnxClassifier classifier, RawExamples examples) throws OrtException {
    List<OnnxTensor> inputs = new ArrayList<>();
    try {
      for (int i = 0; i < Math.min(DISTINCT_SINGLES, examples.size()); i++) {
        inputs.add(examples.tensor(classifier.environment(), i, i + 1));
      }
      for (int i = 0; i < warmUpRuns; i++) {
        run(classifier.session(), inputs.get(i % inputs.size()));
      }
      long[] nanos = new long[runs];
      for (int i = 0; i < runs; i++) {
        OnnxTensor input = inputs.get(i % inputs.size());
        long start = System.nanoTime();
        run(classifier.session(), input);
        nanos[i] = System.nanoTime() - start;
      }
      return nanos;
    } finally {
      inputs.forEach(OnnxTensor::close);
    }
  }

  private double timeBatches(OnnxClassifier classifier, RawExamples examples) throws OrtException {
    try (OnnxTensor batch = examples.tensor(classifier.environment(), 0, batchSize)) {
      for (int i = 0; i < warmUpRuns; i++) {
        run(classifier.session(), batch);
      }
      long start = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        run(classifier.session(), batch);
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }

  private static void run(OrtSession session, OnnxTensor input) throws OrtException {
    try (OrtSession.Result ignored = session.run(Map.of(OnnxExporter.INPUT, input))) {
      // the result is only timed
    }
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
