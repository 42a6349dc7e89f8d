package dev.taper.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taper.config.ApiException;
import dev.taper.training.export.ExportFormat;
import dev.taper.training.export.ExportVariant;
import dev.taper.training.onnx.Precision;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The body of an export request and a download's query: defaults, and 400s that name each value.
 */
class ExportOrderTest {

  @Test
  void anEmptyOrderIsOneOnnxFp32Export() {
    assertThat(new ExportOrder(null, null).variants())
        .containsExactly(new ExportVariant(ExportFormat.ONNX, Precision.FP32));
    assertThat(new ExportOrder(List.of(), List.of()).variants())
        .containsExactly(new ExportVariant(ExportFormat.ONNX, Precision.FP32));
  }

  @Test
  void everyFormatGoesWithEveryPrecision() {
    assertThat(new ExportOrder(List.of("onnx"), List.of("int8", "fp16")).variants())
        .containsExactly(
            new ExportVariant(ExportFormat.ONNX, Precision.INT8),
            new ExportVariant(ExportFormat.ONNX, Precision.FP16));
  }

  @Test
  void everyUnknownOrRepeatedValueIsNamedInOne400() {
    ExportOrder order =
        new ExportOrder(List.of("tflite"), Arrays.asList("INT8", null, "fp16", "fp16"));
    assertThatThrownBy(order::variants)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.getStatusCode().value()).isEqualTo(400);
              String problem = String.valueOf(e.getBody().getProperties());
              assertThat(problem)
                  .contains("formats[0]", "precisions[0]", "precisions[1]", "precisions[3]")
                  .contains("is listed twice")
                  .doesNotContain("precisions[2]");
            });
  }

  @Test
  void aDownloadQueryNeedsAKnownFormatAndDefaultsToFp32() {
    assertThat(ExportOrder.fromQuery("onnx", null))
        .isEqualTo(new ExportVariant(ExportFormat.ONNX, Precision.FP32));
    assertThat(ExportOrder.fromQuery("onnx", "int8").precision()).isEqualTo(Precision.INT8);
    assertThatThrownBy(() -> ExportOrder.fromQuery("onnx", "int4"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.getStatusCode().value()).isEqualTo(400));
    assertThatThrownBy(() -> ExportOrder.fromQuery("pt", "int8")).isInstanceOf(ApiException.class);
  }
}
