package dev.taper.training.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import dev.taper.dataset.LabeledData;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.family.NetworkFiles;
import dev.taper.training.family.transformer.Pooling;
import dev.taper.training.family.transformer.TokenLayout;
import dev.taper.training.family.transformer.TransformerArchitecture;
import dev.taper.training.onnx.Precision;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every family exported to ONNX computes, through ONNX Runtime, what DJL computes. */
class OnnxExportTest {

  /** Every token layout and pooling, on Fashion-MNIST's values read in the layout's shape. */
  static Stream<TransformerArchitecture> transformerLayouts() {
    return Stream.of(
        transformer(new long[] {1, 28, 28}, TokenLayout.ROWS, 0, Pooling.CLS),
        transformer(new long[] {2, 14, 28}, TokenLayout.ROWS, 0, Pooling.MEAN),
        transformer(new long[] {2, 14, 28}, TokenLayout.PATCHES, 7, Pooling.MEAN),
        transformer(new long[] {28, 28}, TokenLayout.SEQUENCE, 0, Pooling.CLS));
  }

  private static TransformerArchitecture transformer(
      long[] shape, TokenLayout tokens, int patchSize, Pooling pooling) {
    return new TransformerArchitecture(shape, tokens, patchSize, 2, 16, 2, 8, 32, pooling, 10);
  }

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

  @ParameterizedTest
  @MethodSource("transformerLayouts")
  void everyTokenLayoutAndPoolingGivesDjlsLogits(TransformerArchitecture architecture) {
    long[] shape = architecture.inputShape();
    LabeledData raw = reshaped(ExportFixtures.raw().test(), shape);
    LabeledData standardised = reshaped(ExportFixtures.splits().test(), shape);
    InputContract base = ExportFixtures.contract();
    InputContract contract = InputContract.unsignedBytes(shape, base.mean(), base.std());
    RawExamples test = RawExamples.of(raw, contract);

    try (Network network = ModelFamilies.build(architecture, 11, Device.cpu());
        OnnxClassifier classifier =
            new OnnxClassifier(
                OnnxExporter.export(network, contract, ExportFixtures.CLASS_NAMES, Precision.FP32),
                1)) {
      LogitComparison comparison =
          LogitComparison.of(
              classifier.logits(test), ReferenceLogits.of(network, standardised), test.labels());

      assertThat(comparison.withinRelative(1e-4)).as(comparison.toString()).isTrue();
      assertThat(comparison.agreement()).isGreaterThanOrEqualTo(0.999);
    }
  }

  @Test
  void theModelDescribesItsInputAndClassesInItsMetadata() {
    byte[] model =
        OnnxExporter.export(
            ExportFixtures.trained(ExportFixtures.MLP).network(),
            ExportFixtures.contract(),
            ExportFixtures.CLASS_NAMES,
            Precision.INT8);
    Map<String, String> metadata;
    try (OnnxClassifier classifier = new OnnxClassifier(model, 1)) {
      metadata = classifier.metadata();
    }
    assertThat(metadata)
        .containsEntry(
            ModelMetadata.CLASSES,
            "[\"T-shirt/top\",\"Trouser\",\"Pullover\",\"Dress\",\"Coat\",\"Sandal\","
                + "\"Shirt\",\"Sneaker\",\"Bag\",\"Ankle boot\"]")
        .containsEntry(ModelMetadata.INPUT_NAME, "input")
        .containsEntry(ModelMetadata.INPUT_DTYPE, "uint8")
        .containsEntry(ModelMetadata.INPUT_SHAPE, "[N, 1, 28, 28]")
        .containsEntry(ModelMetadata.INPUT_RANGE, "0..255 (integers)")
        .containsEntry(ModelMetadata.OUTPUT_NAME, "logits")
        .containsEntry(ModelMetadata.FAMILY, "mlp")
        .containsEntry(ModelMetadata.PRECISION, "int8");
    assertThat(metadata.get(ModelMetadata.INPUT_LAYOUT)).startsWith("NCHW");
    assertThat(metadata.get(ModelMetadata.INPUT_STANDARDISATION))
        .startsWith("(float(x) / 255 - " + (float) ExportFixtures.contract().mean() + ") * ");
    assertThat(NetworkFiles.readArchitecture(metadata.get(ModelMetadata.ARCHITECTURE)))
        .isEqualTo(ExportFixtures.MLP);
  }

  @Test
  void classNamesMustMatchTheClasses() {
    assertThatThrownBy(
            () ->
                OnnxExporter.export(
                    ExportFixtures.trained(ExportFixtures.MLP).network(),
                    ExportFixtures.contract(),
                    List.of("a", "b"),
                    Precision.FP32))
        .hasMessageContaining("2 class names for 10 classes");
  }

  private static LabeledData reshaped(LabeledData data, long[] shape) {
    return new LabeledData(data.features(), data.labels(), shape, data.classes());
  }
}
