package dev.taper.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.config.TaperVocabulary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class FleetMetricsTest {

  @Test
  void aDatabaseThatCannotAnswerReadsAsNanNotZero() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // Port 1 on loopback: the connection is refused at once.
    JdbcClient unreachable =
        JdbcClient.create(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/taper"));
    FleetMetrics fleet =
        new FleetMetrics(new TaperMetrics(registry, TaperVocabulary.meters()), unreachable);

    fleet.refreshNow();

    assertThat(registry.get(TaperMetrics.JOBS).gauges())
        .hasSize(
            TaperVocabulary.meters().stageKinds().size()
                * TaperVocabulary.meters().jobStatuses().size());
    assertThat(
            registry
                .get(TaperMetrics.JOBS)
                .tags("kind", "WIDE", "status", "QUEUED")
                .gauge()
                .value())
        .isNaN();
    assertThat(registry.get(TaperMetrics.WORKERS_ALIVE).gauge().value()).isNaN();
    assertThat(registry.get(TaperMetrics.WORKERS_BUSY).gauge().value()).isNaN();
    fleet.stop();
  }

  @Test
  void residentMemoryIsReportedOnLinux() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    JdbcClient unreachable =
        JdbcClient.create(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/taper"));
    FleetMetrics fleet =
        new FleetMetrics(new TaperMetrics(registry, TaperVocabulary.meters()), unreachable);

    double resident =
        registry
            .get(TaperMetrics.NATIVE_MEMORY)
            .tags("area", "process_resident", "device", "host")
            .gauge()
            .value();
    // A JVM running JUnit is well above 10 MB resident.
    assertThat(resident).isGreaterThan(10e6);
    fleet.stop();
  }
}
