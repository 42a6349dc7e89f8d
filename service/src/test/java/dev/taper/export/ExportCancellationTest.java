package dev.taper.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.taper.config.ApiContextTest;
import dev.taper.config.PostgresTest;
import dev.taper.experiment.ExperimentService;
import dev.taper.experiment.ExperimentStatus;
import dev.taper.queue.ClaimedJob;
import dev.taper.queue.JobStatus;
import dev.taper.queue.JobView;
import dev.taper.queue.StageQueue;
import dev.taper.report.ReportFixtures;
import dev.taper.training.export.ExportFormat;
import dev.taper.training.export.ExportVariant;
import dev.taper.training.onnx.Precision;
import dev.taper.web.ApiException;
import dev.taper.web.NotFoundException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Cancelling an export requested for an existing model, on the real database: it is the requester's
 * own job, so it is cancelled alone and its experiment's cancellation leaves it be.
 */
@ApiContextTest
class ExportCancellationTest extends PostgresTest {

  private static final ExportVariant INT8 = new ExportVariant(ExportFormat.ONNX, Precision.INT8);

  @Autowired ExportService exports;
  @Autowired ExperimentService experiments;
  @Autowired StageQueue queue;
  @Autowired JdbcClient jdbc;
  ReportFixtures.Experiment experiment;
  UUID thin;

  @BeforeEach
  void finishedExperiment() {
    jdbc.sql("truncate model_edge, model, worker, stage_job, experiment cascade").update();
    experiment = ReportFixtures.finished(jdbc, "cancelled-exports", 3, List.of());
    thin = experiment.models().get("THIN");
  }

  @Test
  void aQueuedExportIsCancelledAtOnceAndCanBeAskedForAgain() {
    long job = requestExport();

    JobView cancelled = exports.cancel(job);

    assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(cancelled.cancelRequested()).as("cancelled because it was asked").isTrue();
    assertThat(cancelled.finishedAt()).isNotNull();
    assertThat(exports.statuses(thin)).as("nothing is being made any more").isEmpty();
    ExportStatus again = exports.request(thin, List.of(INT8)).get(0);
    assertThat(again.status()).isEqualTo("QUEUED");
    assertThat(again.jobId()).isNotEqualTo(job);
    assertThat(experiments.get(experiment.id()).status()).isEqualTo(ExperimentStatus.SUCCEEDED);
  }

  @Test
  void aRunningExportIsAskedToStopAndEndsCancelled() {
    long job = requestExport();
    ClaimedJob running = queue.claim("w", false).orElseThrow();
    assertThat(running.lease().jobId()).isEqualTo(job);

    JobView stopping = exports.cancel(job);

    assertThat(stopping.status()).as("it stops at its next beat").isEqualTo(JobStatus.RUNNING);
    assertThat(stopping.cancelRequested()).isTrue();
    assertThat(queue.heartbeat(running.lease(), null).cancelRequested()).isTrue();
    queue.cancelled(running.lease());
    assertThat(queue.find(job).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);

    ApiException again = refusal(job);
    assertThat(again.getStatusCode().value()).isEqualTo(409);
    assertThat(String.valueOf(again.getBody().getProperties()))
        .contains("job " + job + " is CANCELLED; only a queued or running job can be cancelled");
  }

  @Test
  void cancellingTheExperimentLeavesAnExportRequestedForItsModelsRunning() {
    long kd = experiment.jobs().get("KD");
    jdbc.sql(
            """
            update stage_job set status = 'QUEUED', started_at = null, finished_at = null
             where id = :id
            """)
        .param("id", kd)
        .update();
    long export = requestExport();
    ClaimedJob running = queue.claim("w", false).orElseThrow();
    assertThat(running.lease().jobId()).as("exports run first").isEqualTo(export);

    experiments.cancel(experiment.id());

    assertThat(queue.find(kd).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(queue.find(kd).orElseThrow().cancelRequested()).isTrue();
    JobView exportJob = queue.find(export).orElseThrow();
    assertThat(exportJob.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(exportJob.cancelRequested()).isFalse();
    assertThat(queue.heartbeat(running.lease(), null).cancelRequested()).isFalse();
    assertThat(experiments.get(experiment.id()).status()).isEqualTo(ExperimentStatus.CANCELLED);
  }

  @Test
  void aStageOfThePlanIsCancelledOnlyWithItsExperiment() {
    long wide = experiment.jobs().get("WIDE");
    ApiException finished = refusal(wide);
    assertThat(finished.getStatusCode().value()).isEqualTo(409);
    assertThat(String.valueOf(finished.getBody().getProperties()))
        .as("a stage that has ended says so first")
        .contains("job " + wide + " is SUCCEEDED; only a queued or running job can be cancelled");

    long planned =
        ReportFixtures.exportJob(jdbc, experiment.id(), null, experiment.jobs().get("FINETUNE"));
    ApiException stage = refusal(planned);
    assertThat(stage.getStatusCode().value())
        .as("an export planned with the experiment is part of it")
        .isEqualTo(409);
    assertThat(String.valueOf(stage.getBody().getProperties()))
        .contains("job " + planned + " is the EXPORT stage of experiment " + experiment.id())
        .contains("POST /api/v1/experiments/" + experiment.id() + "/cancel");
    assertThat(queue.find(planned).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);

    assertThat(refusal(987_654_321L)).isInstanceOf(NotFoundException.class);
  }

  private long requestExport() {
    return exports.request(thin, List.of(INT8)).get(0).jobId();
  }

  private ApiException refusal(long job) {
    return catchThrowableOfType(ApiException.class, () -> exports.cancel(job));
  }
}
