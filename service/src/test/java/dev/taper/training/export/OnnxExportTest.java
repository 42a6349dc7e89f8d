package dev.taper.training.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.taper.training.family.Architecture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every family exported to ONNX computes, through ONNX Runtime, what DJL computes. */
class OnnxExportTest {

  static Stream<Architecture> families() {
    return ExportFixtures.FAMILIES.stream();
  }

  @ParameterizedTest
  @MethodSource("families")
  void aTrainedModelGivesDjlsLogitsOnTheWholeTestSplitFromRawPixels(Architecture architecture) {
    ExportFixtures.Trained trained = ExportFixtures.trained(architecture);
    RawExamples test = ExportFixtures.testExamples();
    byte[] model =
        OnnxExporter.export(
            trained.network(),
            ExportFixtures.contract(),
            ExportFixtures.CLASS_NAMES,
            Precision.FP32);

    float[][] logits;
    try (OnnxClassifier classifier = new OnnxClassifier(model, 1)) {
      logits = classifier.logits(test);
    }
    LogitComparison comparison =
        LogitComparison.of(logits, trained.referenceLogits(), test.labels());
    System.out.printf("%s fp32: %s%n", architecture.family(), comparison);

    assertThat(comparison.examples()).isEqualTo(500);
    assertThat(comparison.withinRelative(1e-4)).as(comparison.toString()).isTrue();
    assertThat(comparison.agreement()).isGreaterThanOrEqualTo(0.999);
    assertThat(comparison.accuracy()).isCloseTo(comparison.referenceAccuracy(), within(0.0005));
    assertThat(comparison.referenceAccuracy()).isCloseTo(trained.djlAccuracy(), within(1e-9));
  }
}
