package dev.taper.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.config.ApiContextTest;
import dev.taper.config.PostgresTest;
import dev.taper.experiment.ExperimentService;
import dev.taper.queue.ClaimedJob;
import dev.taper.queue.StageQueue;
import dev.taper.spec.ComputeDevice;
import dev.taper.spec.DefaultSpecs;
import dev.taper.spec.ExperimentSpec;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Metric history on the real database: batched, fenced by the lease, resumable, deleted with its
 * job.
 */
@ApiContextTest
class MetricHistoryTest extends PostgresTest {

  @Autowired MetricHistory history;
  @Autowired StageQueue queue;
  @Autowired ExperimentService experiments;
  @Autowired JdbcClient jdbc;

  UUID experiment;

  @BeforeEach
  void clean() {
    jdbc.sql("truncate model_edge, model, worker, stage_job, experiment cascade").update();
    ExperimentSpec spec = DefaultSpecs.withoutBaselines(null, null, ComputeDevice.CPU);
    experiment = experiments.submit(spec, null).experiment().id();
  }

  @Test
  void aJobsReportsAreStoredInBatchesAndReadBackAsSeries() {
    ClaimedJob job = queue.claim("w1", false).orElseThrow();
    MetricRecorder recorder = history.recorder(job.lease());
    for (long step = 1; step <= 50; step++) {
      recorder.progress(step, 50, -1, 2.0 / step, 1000 + step, 0.001);
    }
    recorder.validation(0, 0.61);
    recorder.validation(1, 0.72);
    recorder.flush();
    assertThat(count(job.id())).isEqualTo(50 * 3 + 2);
    recorder.close();

    MetricSeries loss = history.series(job.id(), MetricName.LOSS);
    assertThat(loss.axis()).isEqualTo(MetricName.Axis.STEP);
    assertThat(loss.points()).hasSize(50);
    assertThat(loss.points().get(0)).isEqualTo(new MetricPoint(1, 2.0, null));
    MetricSeries accuracy = history.series(job.id(), MetricName.VALIDATION_ACCURACY);
    assertThat(accuracy.axis()).isEqualTo(MetricName.Axis.EPOCH);
    assertThat(accuracy.points())
        .containsExactly(new MetricPoint(1, 0.61, null), new MetricPoint(2, 0.72, null));
    assertThat(history.ofJobs(List.of(job.id()), List.of(MetricName.values())).get(job.id()))
        .containsOnlyKeys(
            MetricName.LOSS,
            MetricName.SAMPLES_PER_SECOND,
            MetricName.LEARNING_RATE,
            MetricName.VALIDATION_ACCURACY);
    assertThat(
            history
                .ofJobs(List.of(job.id()), List.of(MetricName.LOSS, MetricName.IMITATION_LOSS))
                .get(job.id()))
        .containsOnlyKeys(MetricName.LOSS);
  }

  @Test
  void imitationReportsAreAlsoKeptPerLayer() {
    ClaimedJob job = queue.claim("w1", false).orElseThrow();
    try (MetricRecorder recorder = history.recorder(job.lease())) {
      for (long step = 1; step <= 30; step++) {
        recorder.progress(step, 30, (int) ((step - 1) / 10), 1.0 / step, 500, Double.NaN);
      }
    }
    List<MetricPoint> points = history.series(job.id(), MetricName.IMITATION_LOSS).points();
    assertThat(points).hasSize(30);
    assertThat(points.get(0).layer()).isZero();
    assertThat(points.get(29).layer()).isEqualTo(2);
    assertThat(history.series(job.id(), MetricName.LEARNING_RATE).points())
        .as("an unknown learning rate is not a point")
        .isEmpty();
  }

  @Test
  void anAttemptThatLostItsLeaseWritesNothing() {
    ClaimedJob job = queue.claim("w1", false).orElseThrow();
    MetricRecorder recorder = history.recorder(job.lease());
    jdbc.sql("update stage_job set version = version + 1 where id = :id")
        .param("id", job.id())
        .update();
    recorder.progress(1, 10, -1, 0.5, 100, 0.01);
    recorder.close();
    assertThat(count(job.id())).isZero();
  }

  @Test
  void aResumedAttemptCarriesOnFromWhatEarlierAttemptsStoredWithoutDuplicates() {
    ClaimedJob first = queue.claim("w1", false).orElseThrow();
    MetricRecorder before = history.recorder(first.lease());
    for (long step = 1; step <= 60; step++) {
      before.progress(step, 100, -1, 1.0 / step, 100, 0.01);
    }
    before.flush();
    // the worker dies; the job is taken back and claimed again, resuming from step 40
    jdbc.sql(
            "update stage_job set status = 'QUEUED', leased_by = null, lease_expires_at = null,"
                + " version = version + 1 where id = :id")
        .param("id", first.id())
        .update();
    ClaimedJob second = queue.claim("w2", false).orElseThrow();
    assertThat(second.id()).isEqualTo(first.id());
    try (MetricRecorder after = history.recorder(second.lease())) {
      for (long step = 40; step <= 100; step++) {
        after.progress(step, 100, -1, 1.0 / step, 100, 0.01);
      }
    }
    List<Long> steps =
        history.series(first.id(), MetricName.LOSS).points().stream()
            .map(MetricPoint::step)
            .toList();
    assertThat(steps).hasSize(100).doesNotHaveDuplicates().isSorted();
    assertThat(steps.get(99)).isEqualTo(100);
  }

  @Test
  void pointsGoWithTheirJob() {
    ClaimedJob job = queue.claim("w1", false).orElseThrow();
    try (MetricRecorder recorder = history.recorder(job.lease())) {
      recorder.progress(1, 10, -1, 0.5, 100, 0.01);
    }
    assertThat(count(job.id())).isEqualTo(3);
    jdbc.sql("delete from stage_job where experiment_id = :id").param("id", experiment).update();
    jdbc.sql("delete from experiment where id = :id").param("id", experiment).update();
    assertThat(count(job.id())).isZero();
  }

  private long count(long job) {
    return jdbc.sql("select count(*) from metric_point where job_id = :job")
        .param("job", job)
        .query(Long.class)
        .single();
  }
}
