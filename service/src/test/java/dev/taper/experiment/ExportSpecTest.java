package dev.taper.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.Mockito.mock;

import dev.taper.model.ModelCatalog;
import dev.taper.queue.NewJob;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.ExperimentSpec.ExportSpec;
import dev.taper.training.export.ExportFormat;
import dev.taper.training.export.ExportVariant;
import dev.taper.training.family.FieldError;
import dev.taper.training.onnx.Precision;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The spec's {@code export}: its defaults, its checks, and the EXPORT jobs it plans. */
class ExportSpecTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final MockedDatasets datasets =
      new MockedDatasets().with("fashion-mnist", "[1, 28, 28]", 10);
  private final SpecValidator validator =
      new SpecValidator(json, datasets.registry(), mock(ModelCatalog.class));

  @Test
  void aSpecWithoutExportAsksForNoneAndPlansNone() {
    ExperimentSpec spec = valid("{}");
    assertThat(spec.export()).isEqualTo(ExportSpec.NONE);
    assertThat(spec.export().any()).isFalse();
    assertThat(ExperimentPlanner.plan(spec, false, 3))
        .extracting(NewJob::kind)
        .doesNotContain("EXPORT");
  }

  @Test
  void leftOutFormatsAreOnnxAndLeftOutPrecisionsFp32() {
    assertThat(valid("{\"export\": {\"precisions\": [\"int8\"]}}").export())
        .isEqualTo(new ExportSpec(List.of(ExportFormat.ONNX), List.of(Precision.INT8)));
    assertThat(valid("{\"export\": {\"formats\": [\"onnx\"]}}").export())
        .isEqualTo(new ExportSpec(List.of(ExportFormat.ONNX), List.of(Precision.FP32)));
    assertThat(valid("{\"export\": {}}").export()).isEqualTo(ExportSpec.NONE);
  }

  @Test
  void eachPrecisionIsAnExportJobAfterFinetuneOnTheCpu() {
    ExperimentSpec spec =
        valid("{\"device\": \"gpu\", \"export\": {\"precisions\": [\"fp32\", \"int8\"]}}");
    List<NewJob> plan = ExperimentPlanner.plan(spec, false, 3);
    int finetune = plan.stream().map(NewJob::kind).toList().indexOf("FINETUNE");
    List<NewJob> exports = plan.stream().filter(j -> j.kind().equals("EXPORT")).toList();
    assertThat(exports).hasSize(2).allSatisfy(j -> assertThat(j.dependsOn()).isEqualTo(finetune));
    assertThat(exports).noneMatch(NewJob::needsGpu);
    assertThat(ExperimentPlanner.exports(spec))
        .containsExactly(
            new ExportVariant(ExportFormat.ONNX, Precision.FP32),
            new ExportVariant(ExportFormat.ONNX, Precision.INT8));
  }

  @Test
  void unknownAndRepeatedValuesAreNamed() {
    Map<String, String> errors =
        errors(
            "{\"export\": {\"formats\": [\"tflite\"], \"precisions\": [\"int8\", \"int4\","
                + " \"int8\"]}}");
    assertThat(errors)
        .as(errors.toString())
        .containsOnlyKeys("export.formats[0]", "export.precisions[1]", "export.precisions[2]");
    assertThat(errors.get("export.formats[0]")).contains("onnx");
    assertThat(errors.get("export.precisions[1]")).contains("fp16", "fp32", "int8");
    assertThat(errors).containsEntry("export.precisions[2]", "is listed twice");
  }

  private ExperimentSpec valid(String spec) {
    return validator.validate(json.readTree(spec));
  }

  private Map<String, String> errors(String spec) {
    InvalidSpecException e =
        catchThrowableOfType(
            InvalidSpecException.class, () -> validator.validate(json.readTree(spec)));
    assertThat(e).as("rejected: %s", spec).isNotNull();
    return e.errors().stream().collect(Collectors.toMap(FieldError::field, FieldError::message));
  }
}
