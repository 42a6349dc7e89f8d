package dev.taper.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.taper.config.ApiContextTest;
import dev.taper.config.PostgresTest;
import dev.taper.model.ModelCatalog;
import dev.taper.model.RecordedExports;
import dev.taper.report.ReportFixtures;
import dev.taper.training.export.ExportFormat;
import dev.taper.training.export.ExportVariant;
import dev.taper.training.onnx.Precision;
import dev.taper.web.ApiException;
import dev.taper.web.ProblemItem;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Which export {@code GET /models/{id}/download?format=onnx} serves, with and without a precision,
 * and what its 404 and 409 say: the parameter they name is one the request gave.
 */
@ApiContextTest
class ExportDownloadTest extends PostgresTest {

  private static final ExportVariant FP32 = new ExportVariant(ExportFormat.ONNX, Precision.FP32);
  private static final ExportVariant INT8 = new ExportVariant(ExportFormat.ONNX, Precision.INT8);

  @Autowired ExportService exports;
  @Autowired ModelCatalog catalog;
  @Autowired JdbcClient jdbc;
  @Autowired PlatformTransactionManager transactions;
  ReportFixtures.Experiment experiment;
  UUID thin;

  @BeforeEach
  void finishedExperiment() {
    jdbc.sql("truncate model_edge, model, worker, stage_job, experiment cascade").update();
    experiment = ReportFixtures.finished(jdbc, "downloaded-exports", 2, List.of());
    thin = experiment.models().get("THIN");
  }

  @Test
  void withoutAPrecisionTheFp32ExportIsServed() {
    UUID fp32 = exported(FP32);
    exported(INT8);

    assertThat(exports.forDownload(thin, ExportOrder.fromQuery("onnx", null), false).id())
        .isEqualTo(fp32);
  }

  @Test
  void withNoExportAtAllThe404SaysNoneWasMadeAndHowToAskForOne() {
    ProblemItem problem = refusal(thin, ExportOrder.fromQuery("onnx", null), false, 404);

    assertThat(problem.parameter()).as("the request named no precision").isEqualTo("format");
    assertThat(problem.message())
        .contains("model " + thin + " has no ONNX export: none has been made")
        .contains("POST /api/v1/models/" + thin + "/exports")
        .contains("{\"formats\": [\"onnx\"], \"precisions\": [\"fp32\"]}");
  }

  @Test
  void withOnlyOtherPrecisionsThe404NamesThem() {
    exported(INT8);

    ProblemItem problem = refusal(thin, ExportOrder.fromQuery("onnx", null), false, 404);

    assertThat(problem.parameter()).isEqualTo("format");
    assertThat(problem.message())
        .contains("has no fp32 ONNX export (fp32 is the precision when none is given)")
        .contains("it has [int8] (download one with precision=int8)")
        .contains("POST /api/v1/models/" + thin + "/exports");
  }

  @Test
  void aPrecisionAskedForIsTheParameterA404Names() {
    exported(FP32);

    ProblemItem problem = refusal(thin, ExportOrder.fromQuery("onnx", "fp16"), true, 404);

    assertThat(problem.parameter()).isEqualTo("precision");
    assertThat(problem.message())
        .contains("has no fp16 ONNX export;")
        .doesNotContain("when none is given")
        .contains("\"precisions\": [\"fp16\"]");
  }

  @Test
  void anExportBeingMadeAnswers409NamingWhatTheRequestGave() {
    long job = exports.request(thin, List.of(FP32)).get(0).jobId();

    ProblemItem implicit = refusal(thin, ExportOrder.fromQuery("onnx", null), false, 409);
    assertThat(implicit.parameter()).isEqualTo("format");
    assertThat(implicit.message()).contains("is being made by job " + job);
    ProblemItem named = refusal(thin, ExportOrder.fromQuery("onnx", "fp32"), true, 409);
    assertThat(named.parameter()).isEqualTo("precision");
  }

  @Test
  void anExportsOwnIdServesItselfUnlessAnotherPrecisionIsNamed() {
    UUID int8 = exported(INT8);

    assertThat(exports.forDownload(int8, ExportOrder.fromQuery("onnx", null), false).id())
        .isEqualTo(int8);
    assertThat(exports.forDownload(int8, INT8, true).id()).isEqualTo(int8);
    ProblemItem other = refusal(int8, FP32, true, 404);
    assertThat(other.parameter()).isEqualTo("precision");
    assertThat(other.message())
        .contains("model " + int8 + " is itself an export (onnx-int8)")
        .contains("model " + thin);
  }

  private UUID exported(ExportVariant variant) {
    return RecordedExports.record(
        jdbc,
        transactions,
        catalog,
        experiment.id(),
        thin,
        "{\"testAccuracy\": 0.87, \"sourceModelId\": \"" + thin + "\"}",
        variant);
  }

  @SuppressWarnings("unchecked")
  private ProblemItem refusal(
      UUID model, ExportVariant variant, boolean precisionGiven, int status) {
    ApiException refused =
        catchThrowableOfType(
            ApiException.class, () -> exports.forDownload(model, variant, precisionGiven));
    assertThat(refused).as("refused").isNotNull();
    assertThat(refused.getStatusCode().value()).isEqualTo(status);
    List<ProblemItem> errors = (List<ProblemItem>) refused.getBody().getProperties().get("errors");
    assertThat(errors).hasSize(1);
    return errors.get(0);
  }
}
