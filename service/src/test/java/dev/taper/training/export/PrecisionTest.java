package dev.taper.training.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.taper.training.family.Architecture;
import dev.taper.training.onnx.Precision;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * fp16 and int8 exports store their parameters in fewer bytes, and through ONNX Runtime keep the
 * float32 export's accuracy (int8: within 0.5 points).
 */
class PrecisionTest {

  static Stream<Architecture> families() {
    return ExportFixtures.FAMILIES.stream();
  }

  @ParameterizedTest
  @MethodSource("families")
  void compressedExportsStoreFewerBytesAndKeepTheAccuracy(Architecture architecture) {
    ExportFixtures.Trained trained = ExportFixtures.trained(architecture);
    ExportFixtures.TestSplit test = ExportFixtures.largestTestSplit();
    float[][] reference = ExportFixtures.referenceLogits(architecture, test);
    Map<Precision, ExportCard> cards = new EnumMap<>(Precision.class);
    for (Precision precision : Precision.values()) {
      byte[] model =
          OnnxExporter.export(
              trained.network(), ExportFixtures.contract(), ExportFixtures.CLASS_NAMES, precision);
      cards.put(precision, ExportCard.measure(model, precision, test.raw(), reference, 1));
      System.out.printf(
          "%s on the %s: %s%n", architecture.family(), test.name(), cards.get(precision));
    }
    ExportCard fp32 = cards.get(Precision.FP32);
    ExportCard fp16 = cards.get(Precision.FP16);
    ExportCard int8 = cards.get(Precision.INT8);

    // half, but for the standardisation's and attention's float32 scalars and the int64 shapes
    assertThat(fp16.parameterBytes()).isLessThan(fp32.parameterBytes() * 51 / 100);
    // int8 keeps biases, norms and embeddings in float32 and adds a scale per output channel
    assertThat(int8.parameterBytes()).isLessThan(fp32.parameterBytes() * 40 / 100);
    assertThat(int8.fileBytes()).isLessThan(fp16.fileBytes()).isLessThan(fp32.fileBytes());

    assertThat(fp32.agreement()).isGreaterThanOrEqualTo(0.999);
    assertThat(fp16.maxLogitDifference()).isLessThan(0.05);
    assertThat(fp16.accuracy()).isCloseTo(fp32.accuracy(), within(0.002));
    assertThat(int8.accuracy()).isCloseTo(fp32.accuracy(), within(0.005));
  }
}
