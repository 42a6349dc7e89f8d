package dev.taper.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.config.ApiContextTest;
import dev.taper.config.PostgresTest;
import dev.taper.report.ReportFixtures;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The experiment's status as the database derives it, for the one kind of stage that can be added
 * after the experiment finished: an export requested for one of its models.
 */
@ApiContextTest
class ExperimentStatusTest extends PostgresTest {

  @Autowired JdbcClient jdbc;
  ReportFixtures.Experiment experiment;

  @BeforeEach
  void finishedExperiment() {
    jdbc.sql("truncate model_edge, model, worker, stage_job, experiment cascade").update();
    experiment = ReportFixtures.finished(jdbc, "status", 2, List.of());
    assertThat(status()).isEqualTo("SUCCEEDED");
  }

  @Test
  void anExportRequestedLaterLeavesAFinishedExperimentFinishedWhateverItsOutcome() {
    long export =
        ReportFixtures.exportJob(jdbc, experiment.id(), experiment.models().get("THIN"), null);
    assertThat(status()).as("while the export waits").isEqualTo("SUCCEEDED");
    setStatus(export, "RUNNING");
    assertThat(status()).as("while it runs").isEqualTo("SUCCEEDED");
    setStatus(export, "FAILED");
    assertThat(status()).as("after it failed").isEqualTo("SUCCEEDED");
  }

  @Test
  void anExportPlannedWithTheExperimentIsPartOfIt() {
    long export =
        ReportFixtures.exportJob(jdbc, experiment.id(), null, experiment.jobs().get("FINETUNE"));
    setStatus(export, "RUNNING");
    assertThat(status()).isEqualTo("RUNNING");
    setStatus(export, "FAILED");
    assertThat(status()).isEqualTo("FAILED");
  }

  private void setStatus(long job, String status) {
    jdbc.sql(
            """
            update stage_job
               set status = :status, started_at = coalesce(started_at, now()),
                   leased_by = case when :status = 'RUNNING' then 'w' end,
                   lease_expires_at = case when :status = 'RUNNING' then now() + interval '1 minute' end
             where id = :job
            """)
        .param("status", status)
        .param("job", job)
        .update();
  }

  private String status() {
    return jdbc.sql("select experiment_status(:id)")
        .param("id", experiment.id())
        .query(String.class)
        .single();
  }
}
