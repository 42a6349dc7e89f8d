package dev.taper.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The strong check: a running Taper, after at least one finished experiment, exports every metric
 * the dashboards query (except Prometheus's own {@code up}). By default the test starts Taper
 * itself from the jar the build just made, as compose, the chart and deploy/check-dashboards.sh do
 * (with the HTTP latency buckets the p95 panel reads, {@link
 * ServiceContract#HTTP_LATENCY_BUCKETS_ENV}), and runs one tiny experiment on it; {@code
 * -Dtaper.e2e.url=http://host:port} checks a Taper already running instead.
 * deploy/check-dashboards.sh goes further and evaluates every query through a real Prometheus.
 */
class RunningServiceMetricsTest {

  @Test
  void aRunningTaperExportsEveryMetricTheDashboardsQuery() throws Exception {
    String url = System.getProperty("taper.e2e.url", "");
    if (!url.isBlank() && !url.startsWith("${")) {
      check(url);
      return;
    }
    boolean built = Files.isRegularFile(LaunchedTaper.JAR);
    if (!built && "true".equals(System.getenv("TAPER_CI"))) {
      throw new AssertionError("TAPER_CI=true but " + LaunchedTaper.JAR + " was not built");
    }
    assumeTrue(built, "skipped: build the service first (" + LaunchedTaper.JAR + ")");
    try (LaunchedTaper taper = LaunchedTaper.start()) {
      taper.runOneExperiment(Duration.ofMinutes(10));
      check(taper.url);
    }
  }

  private static void check(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + ServiceContract.PROMETHEUS)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    Set<String> exported = ExportedMetrics.names(response.body());

    List<String> missing =
        Dashboards.queries().stream()
            .flatMap(q -> Dashboards.metricNames(q.expr()).stream())
            .filter(name -> !name.equals("up"))
            .filter(name -> !exported.contains(name))
            .filter(name -> !optional(name))
            .distinct()
            .toList();
    assertThat(missing).as("dashboard metrics %s does not export", url).isEmpty();
  }

  /** Counters that only appear with their first event, and GPU memory on a GPU-less host. */
  private static boolean optional(String name) {
    return Set.of(
            "taper_queue_reclaims_total",
            "taper_queue_retries_total",
            "taper_worker_heartbeats_missed_total",
            "taper_worker_loop_errors_total",
            "jvm_gc_pause_seconds_count",
            "jvm_gc_pause_seconds_sum",
            "jvm_gc_pause_seconds_max")
        .contains(name);
  }
}
