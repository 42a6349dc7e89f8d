package dev.taper.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.taper.training.export.ExportFormat;
import dev.taper.training.export.ExportVariant;
import dev.taper.training.onnx.Precision;
import dev.taper.web.ApiException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of an export request and a download's query: defaults, and 400s that name each value.
 */
class ExportOrderTest {

  private static final JsonMapper JSON = new JsonMapper();

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
  void aBodyIsReadStrictlySoThatAMisspeltFieldIsNotAnFp32Export() {
    assertThat(ExportOrder.read(null)).isEqualTo(new ExportOrder(null, null));
    assertThat(ExportOrder.read(JSON.readTree("{}"))).isEqualTo(new ExportOrder(null, null));
    assertThat(ExportOrder.read(JSON.readTree("{\"precisions\": [\"int8\"], \"formats\": null}")))
        .isEqualTo(new ExportOrder(null, List.of("int8")));

    assertThat(problems("{\"precision\": [\"int8\"], \"formats\": \"onnx\", \"precisions\": [8]}"))
        .contains(
            "precision",
            "is not a field of an export request (formats and precisions are)",
            "formats",
            "must be an array of strings",
            "precisions[0]",
            "must be a string");
    assertThat(problems("[\"int8\"]")).contains("must be a JSON object");
  }

  private static String problems(String body) {
    ApiException refused =
        catchThrowableOfType(ApiException.class, () -> ExportOrder.read(JSON.readTree(body)));
    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    return String.valueOf(refused.getBody().getProperties());
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
