package dev.taper.worker;

import dev.taper.training.export.InputDescription;
import java.util.List;
import java.util.UUID;

/**
 * An export's model card, as measured by the EXPORT stage that made it: accuracy through ONNX
 * Runtime beside its source's (DJL, float32) and its WIDE teacher's, size, and latency on the
 * worker that exported it.
 *
 * @param testAccuracy accuracy through ONNX Runtime on the experiment's test split
 * @param referenceAccuracy the source network's accuracy through DJL in float32 on the same split
 * @param agreement share of test examples the export predicts as the source does
 * @param maxLogitDifference max |logit - source logit| over the test split
 * @param parameterBytes bytes of the stored tensors, the part the precision changes
 * @param latencyP50Millis median batch-1 latency through ONNX Runtime on this worker's CPU
 * @param examplesPerSecond throughput at {@code batchSize}
 * @param cpu the CPU the latency was measured on (model name and the SIMD it offers)
 * @param teacherTestAccuracy the WIDE teacher's test accuracy (DJL), null without one
 * @param input how the model reads its input: name, element type, shape, layout, standardisation
 */
public record ExportMetrics(
    double testAccuracy,
    double referenceAccuracy,
    double agreement,
    double maxLogitDifference,
    int testExamples,
    long fileBytes,
    long parameterBytes,
    double latencyP50Millis,
    double latencyP99Millis,
    int batchSize,
    double examplesPerSecond,
    int intraOpThreads,
    int timedRuns,
    String runtime,
    String cpu,
    UUID sourceModelId,
    String sourceRole,
    Double sourceTestAccuracy,
    UUID teacherModelId,
    Double teacherTestAccuracy,
    InputDescription input,
    List<String> classNames) {}
