package dev.taper.training.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taper.training.onnx.Precision;
import org.junit.jupiter.api.Test;

class LatencyMeterTest {

  @Test
  void measuresBatchOneLatencyPercentilesAndBatchThroughputWithTheGivenThreads() {
    byte[] model =
        OnnxExporter.export(
            ExportFixtures.trained(ExportFixtures.MLP).network(),
            ExportFixtures.contract(),
            ExportFixtures.CLASS_NAMES,
            Precision.FP32);
    LatencyReport report =
        new LatencyMeter(2, 5, 50, 64).measure(model, ExportFixtures.testExamples());
    System.out.println(report);

    assertThat(report.fileBytes()).isEqualTo(model.length);
    assertThat(report.intraOpThreads()).isEqualTo(2);
    assertThat(report.runs()).isEqualTo(50);
    assertThat(report.batchSize()).isEqualTo(64);
    assertThat(report.p50Millis()).isPositive();
    assertThat(report.p99Millis()).isGreaterThanOrEqualTo(report.p50Millis());
    // a batch of 64 costs far less than 64 single runs
    assertThat(report.examplesPerSecond()).isGreaterThan(1000 / report.p99Millis());
  }

  @Test
  void percentilesAreNearestRank() {
    long[] sorted = new long[100];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = i + 1;
    }
    assertThat(LatencyMeter.percentile(sorted, 0.50)).isEqualTo(50);
    assertThat(LatencyMeter.percentile(sorted, 0.99)).isEqualTo(99);
    assertThat(LatencyMeter.percentile(new long[] {7}, 0.99)).isEqualTo(7);
  }

  @Test
  void needsAtLeastOneBatchOfExamples() {
    byte[] model =
        OnnxExporter.export(
            ExportFixtures.trained(ExportFixtures.MLP).network(),
            ExportFixtures.contract(),
            ExportFixtures.CLASS_NAMES,
            Precision.FP32);
    assertThatThrownBy(
            () -> new LatencyMeter(1, 0, 1, 1000).measure(model, ExportFixtures.testExamples()))
        .hasMessageContaining("need at least 1000 examples, have 500");
    assertThatThrownBy(() -> new LatencyMeter(0, 0, 1, 1)).hasMessageContaining("threads >= 1");
  }
}
