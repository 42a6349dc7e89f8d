package dev.taper.worker;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taper.training.RepeatableFailureException;
import dev.taper.training.export.ExportCard;
import dev.taper.training.export.ExportFormat;
import dev.taper.training.export.ExportVariant;
import dev.taper.training.onnx.Precision;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What an EXPORT job refuses to publish, whatever the precision. */
class ExportFaithfulnessTest {

  private static final UUID SOURCE = UUID.randomUUID();

  @Test
  void logitsThatAreNotFiniteFailTheExportAtEveryPrecision() {
    for (Precision precision : Precision.values()) {
      ExportVariant variant = new ExportVariant(ExportFormat.ONNX, precision);
      for (double difference : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
        assertThatThrownBy(
                () -> ExportJob.checkFaithful(card(precision, 1.0, difference), variant, SOURCE))
            .isInstanceOf(RepeatableFailureException.class)
            .hasMessageContaining(variant.label())
            .hasMessageContaining("not finite");
      }
    }
  }

  @Test
  void anFp32ExportMustAgreeWithItsModelAndALowerPrecisionMayDisagreeALittle() {
    ExportVariant fp32 = new ExportVariant(ExportFormat.ONNX, Precision.FP32);
    assertThatThrownBy(() -> ExportJob.checkFaithful(card(Precision.FP32, 0.99, 0.5), fp32, SOURCE))
        .hasMessageContaining("99.00%");
    assertThatThrownBy(
            () -> ExportJob.checkFaithful(card(Precision.FP32, Double.NaN, 0.5), fp32, SOURCE))
        .isInstanceOf(RepeatableFailureException.class);
    assertThatCode(() -> ExportJob.checkFaithful(card(Precision.FP32, 1.0, 1e-5), fp32, SOURCE))
        .doesNotThrowAnyException();
    ExportVariant int8 = new ExportVariant(ExportFormat.ONNX, Precision.INT8);
    assertThatCode(() -> ExportJob.checkFaithful(card(Precision.INT8, 0.97, 0.8), int8, SOURCE))
        .doesNotThrowAnyException();
  }

  private static ExportCard card(Precision precision, double agreement, double difference) {
    return new ExportCard(precision, 1000, 800, 500, 0.87, 0.87, agreement, difference);
  }
}
