package dev.taper.deploy;

import dev.taper.config.TaperVocabulary;
import dev.taper.observability.FleetMetrics;
import dev.taper.observability.TaperMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * What /actuator/prometheus shows, without starting Taper. Taper's own meters come from exercising
 * {@link TaperMetrics} and {@link FleetMetrics} against a Prometheus registry (the exact names,
 * suffixes and labels); JVM and process names from Micrometer's binders; the few that need a
 * running Spring application or Prometheus itself are listed explicitly.
 */
final class ExportedMetrics {

  /** Exported by Spring MVC (server observations), HikariCP, or made by Prometheus. */
  private static final Set<String> STANDARD_NAMES_NOT_BOUND_HERE =
      Set.of(
          "http_server_requests_seconds_count",
          "http_server_requests_seconds_sum",
          "http_server_requests_seconds_max",
          // with the SLO buckets the chart and compose configure
          "http_server_requests_seconds_bucket",
          "hikaricp_connections_active",
          "hikaricp_connections_pending",
          "jvm_gc_pause_seconds_count",
          "jvm_gc_pause_seconds_sum",
          "jvm_gc_pause_seconds_max",
          "up");

  private static final String TAPER_SCRAPE = scrapeTaper();
  private static final Set<String> TAPER_NAMES = names(TAPER_SCRAPE);
  private static final Set<String> STANDARD_NAMES = bindStandardMeters();

  private ExportedMetrics() {}

  /** A scrape of Taper's own meters, after one of each event. */
  static String taperScrape() {
    return TAPER_SCRAPE;
  }

  static Set<String> taperNames() {
    return TAPER_NAMES;
  }

  static Set<String> standardNames() {
    return STANDARD_NAMES;
  }

  static boolean exported(String name) {
    return TAPER_NAMES.contains(name) || STANDARD_NAMES.contains(name);
  }

  private static String scrapeTaper() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    TaperMetrics metrics = new TaperMetrics(registry, TaperVocabulary.meters());
    metrics.jobClaimed("WIDE", Duration.ofSeconds(2));
    metrics.jobReclaimed("WIDE", true);
    metrics.stageFinished("WIDE", "SUCCEEDED", Duration.ofMinutes(3));
    metrics.trainingProgress("IMITATE", 1000, 0.5, 1, 3);
    metrics.modelAccuracyGauge("THIN", 0.9, accuracy -> accuracy);
    metrics.stageTrainingFlops("FINETUNE", 2.5e12);
    metrics.heartbeatMissed();
    metrics.workerLoopError();
    metrics.artifactStoreError("write");
    new FleetMetrics(
        metrics, JdbcClient.create(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/x")));
    return registry.scrape();
  }

  private static Set<String> bindStandardMeters() {
    PrometheusMeterRegistry jvm = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(jvm);
    new JvmThreadMetrics().bindTo(jvm);
    new ProcessorMetrics().bindTo(jvm);
    new UptimeMetrics().bindTo(jvm);
    Set<String> names = new HashSet<>(names(jvm.scrape()));
    names.addAll(STANDARD_NAMES_NOT_BOUND_HERE);
    return names;
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
