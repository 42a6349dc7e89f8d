package dev.taper.training.export;

/**
 * Latency and size of an exported model through ONNX Runtime on this machine.
 *
 * @param intraOpThreads the ONNX Runtime intra-op threads the session ran with
 * @param runs timed batch-1 runs (and batch runs), after the warm-up
 * @param p50Millis median batch-1 latency
 * @param p99Millis 99th-percentile batch-1 latency (nearest rank)
 * @param batchSize the size of the throughput batches
 * @param examplesPerSecond throughput at that batch size
 */
public record LatencyReport(
    long fileBytes,
    int intraOpThreads,
    int runs,
    double p50Millis,
    double p99Millis,
    int batchSize,
    double examplesPerSecond) {}
