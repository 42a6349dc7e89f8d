package dev.taper.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.config.ApiContextTest;
import dev.taper.config.PostgresTest;
import dev.taper.config.TaperVocabulary;
import dev.taper.report.ReportFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The latest model's test accuracy per role comes from the model table, so every process reports
 * the same figure and one started after the models were recorded (a restart) reads it as it starts.
 */
@ApiContextTest
class LatestModelAccuracyTest extends PostgresTest {

  @Autowired JdbcClient jdbc;

  @Test
  void eachRolesGaugeReadsItsLatestModelFromTheDatabase() throws InterruptedException {
    jdbc.sql("truncate model_edge, model, worker, stage_job, experiment cascade").update();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FleetMetrics fleet = fleet(registry);
    fleet.refreshNow();
    assertThat(registry.find(TaperMetrics.MODEL_TEST_ACCURACY).gauges())
        .as("every role's series from the start")
        .hasSize(TaperVocabulary.meters().modelRoles().size());
    assertThat(accuracy(registry, "THIN")).as("no model yet: NaN rather than a false 0").isNaN();

    ReportFixtures.Experiment earlier = ReportFixtures.finished(jdbc, "earlier", 2, List.of());
    ReportFixtures.Experiment later = ReportFixtures.finished(jdbc, "later", 2, List.of());
    jdbc.sql("update model set created_at = now() - interval '1 hour' where experiment_id = :id")
        .param("id", earlier.id())
        .update();
    testAccuracy(earlier.models().get("THIN"), "0.80");
    testAccuracy(later.models().get("THIN"), "0.86");
    testAccuracy(earlier.models().get("WIDE"), "0.90");
    // a non-finite accuracy is stored as null: the role shows its latest model that has one
    testAccuracy(later.models().get("WIDE"), "null");
    fleet.refreshNow();

    assertThat(accuracy(registry, "THIN")).isEqualTo(0.86);
    assertThat(accuracy(registry, "WIDE")).isEqualTo(0.90);
    fleet.stop();

    // a process started after the models were recorded reads them as it starts, unasked
    SimpleMeterRegistry restarted = new SimpleMeterRegistry();
    FleetMetrics afterRestart = fleet(restarted);
    // the first read runs on FleetMetrics' own background thread, which signals nothing when it
    // is done: the gauge itself is the condition, polled until it has a value or 10 s have passed
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Double.isNaN(accuracy(restarted, "THIN")) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(accuracy(restarted, "THIN")).isEqualTo(0.86);
    afterRestart.stop();
  }

  private FleetMetrics fleet(SimpleMeterRegistry registry) {
    return new FleetMetrics(new TaperMetrics(registry, TaperVocabulary.meters()), jdbc);
  }

  private void testAccuracy(UUID model, String accuracy) {
    jdbc.sql(
            "update model set metrics = jsonb_set(metrics, '{testAccuracy}', cast(:a as jsonb))"
                + " where id = :id")
        .param("a", accuracy)
        .param("id", model)
        .update();
  }

  private static double accuracy(SimpleMeterRegistry registry, String role) {
    return registry.get(TaperMetrics.MODEL_TEST_ACCURACY).tag("role", role).gauge().value();
  }
}
