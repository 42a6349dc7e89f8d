package dev.taper.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taper.observability.FleetMetrics;
import dev.taper.observability.TaperMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Every metric a dashboard queries is one Taper exports. Taper's own names come from exercising
 * {@link TaperMetrics} and {@link FleetMetrics} against a Prometheus registry (the exact names and
 * suffixes /actuator/prometheus shows); JVM and process names from Micrometer's binders; the few
 * that need a running Spring application or Prometheus itself are listed explicitly.
 */
class DashboardMetricsTest {

  /** Exported by Spring MVC (server observations), HikariCP, or made by Prometheus. */
  private static final Set<String> STANDARD_NAMES_NOT_BOUND_HERE =
      Set.of(
          "http_server_requests_seconds_count",
          "http_server_requests_seconds_sum",
          "http_server_requests_seconds_max",
          "hikaricp_connections_active",
          "hikaricp_connections_pending",
          "jvm_gc_pause_seconds_count",
          "jvm_gc_pause_seconds_sum",
          "jvm_gc_pause_seconds_max",
          "up");

  private static Set<String> taperNames;
  private static Set<String> standardNames;

  @BeforeAll
  static void exportTheMeters() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    TaperMetrics metrics = new TaperMetrics(registry);
    metrics.jobClaimed("WIDE", Duration.ofSeconds(2));
    metrics.jobReclaimed("WIDE", true);
    metrics.stageFinished("WIDE", "SUCCEEDED", Duration.ofMinutes(3));
    metrics.trainingProgress("IMITATE", 1000, 0.5, 1, 3);
    metrics.modelRecorded("THIN", 0.9);
    metrics.heartbeatMissed();
    metrics.workerLoopError();
    new FleetMetrics(
        metrics, JdbcClient.create(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/x")));
    taperNames = names(registry.scrape());

    PrometheusMeterRegistry jvm = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(jvm);
    new JvmThreadMetrics().bindTo(jvm);
    new ProcessorMetrics().bindTo(jvm);
    new UptimeMetrics().bindTo(jvm);
    standardNames = new HashSet<>(names(jvm.scrape()));
    standardNames.addAll(STANDARD_NAMES_NOT_BOUND_HERE);
  }

  @Test
  void everyTaperMetricsConstantIsExported() throws IllegalAccessException {
    for (Field field : TaperMetrics.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        String prefix = field.get(null).toString().replace('.', '_');
        assertThat(taperNames)
            .as("%s (%s) in the scrape", field.getName(), prefix)
            .anyMatch(name -> name.equals(prefix) || name.startsWith(prefix + "_"));
      }
    }
  }

  @Test
  void everyDashboardQueryReadsOnlyMetricsTaperExports() {
    List<String> unknown = new ArrayList<>();
    List<Dashboards.Query> queries = Dashboards.queries();
    assertThat(queries).hasSizeGreaterThan(20);
    for (Dashboards.Query query : queries) {
      Set<String> names = Dashboards.metricNames(query.expr());
      assertThat(names).as("metrics in %s", query).isNotEmpty();
      for (String name : names) {
        if (!taperNames.contains(name) && !standardNames.contains(name)) {
          unknown.add(query.dashboard() + " / " + query.panel() + ": " + name);
        }
      }
    }
    assertThat(unknown).as("metric names no Taper instance exports").isEmpty();
  }

  @Test
  void theMetricNameParserSkipsFunctionsLabelsAndRanges() {
    assertThat(
            Dashboards.metricNames(
                "histogram_quantile(0.95, sum by (le, kind) (rate(taper_queue_wait_seconds_bucket{kind=\"a b\"}[$__rate_interval])))"
                    + " / on (kind) max(up) or vector(0)"))
        .containsExactly("taper_queue_wait_seconds_bucket", "up");
  }

  @Test
  void dashboardsAreWellFormedForProvisioning() {
    Set<String> uids = new HashSet<>();
    for (Path file : Dashboards.files()) {
      JsonNode dashboard = Dashboards.json(file);
      assertThat(uids.add(dashboard.path("uid").asText())).as("unique uid in %s", file).isTrue();
      assertThat(dashboard.path("templating").path("list").get(0).path("type").asText())
          .isEqualTo("datasource");
      Set<Integer> ids = new HashSet<>();
      for (JsonNode panel : dashboard.path("panels")) {
        assertThat(ids.add(panel.path("id").asInt())).as("unique panel id in %s", file).isTrue();
        assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
        assertThat(panel.path("targets")).isNotEmpty();
      }
    }
    assertThat(uids)
        .containsExactlyInAnyOrder("taper-queue", "taper-training", "taper-workers", "taper-api");
  }

  /** Sample names (not families) in a Prometheus text scrape. */
  static Set<String> names(String scrape) {
    Set<String> names = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }
}
