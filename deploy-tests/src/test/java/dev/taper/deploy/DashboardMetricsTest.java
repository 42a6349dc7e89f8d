package dev.taper.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taper.observability.TaperMetrics;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every metric a dashboard queries is one Taper exports (see {@link ExportedMetrics}), and every
 * query keeps to the Taper chosen by the dashboard's namespace and job variables, so the dashboards
 * work on a Prometheus shared with other applications.
 */
class DashboardMetricsTest {

  private static final String NAMESPACE = "namespace=~\"$namespace\"";
  private static final String JOB = "job=~\"$job\"";

  @Test
  void everyTaperMetricsConstantIsExported() throws IllegalAccessException {
    for (Field field : TaperMetrics.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        String prefix = field.get(null).toString().replace('.', '_');
        assertThat(ExportedMetrics.taperNames())
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
        if (!ExportedMetrics.exported(name)) {
          unknown.add(query.dashboard() + " / " + query.panel() + ": " + name);
        }
      }
    }
    assertThat(unknown).as("metric names no Taper instance exports").isEmpty();
  }

  @Test
  void everySelectorOfEveryQueryIsFilteredByNamespaceAndJob() {
    List<String> unfiltered = new ArrayList<>();
    for (Dashboards.Query query : Dashboards.queries()) {
      List<Dashboards.Selector> selectors = Dashboards.selectors(query.expr());
      assertThat(selectors).as("selectors in %s", query).isNotEmpty();
      for (Dashboards.Selector selector : selectors) {
        if (!selector.matchers().contains(NAMESPACE) || !selector.matchers().contains(JOB)) {
          unfiltered.add(query.dashboard() + " / " + query.panel() + ": " + selector);
        }
      }
    }
    assertThat(unfiltered).as("selectors without %s and %s", NAMESPACE, JOB).isEmpty();
  }

  @Test
  void everyDashboardOffersNamespaceAndTaperJobVariables() {
    for (Path file : Dashboards.files()) {
      JsonNode variables = Dashboards.json(file).path("templating").path("list");
      assertThat(variables).as("%s variables", file.getFileName()).hasSize(3);
      assertThat(variables.get(0).path("type").asText()).isEqualTo("datasource");

      JsonNode namespace = variables.get(1);
      assertThat(namespace.path("name").asText()).isEqualTo("namespace");
      // compose has no namespace label: "All" must match series without one
      assertThat(namespace.path("allValue").asText()).isEqualTo(".*");

      JsonNode job = variables.get(2);
      assertThat(job.path("name").asText()).isEqualTo("job");
      assertThat(job.path("multi").asBoolean()).isTrue();
      // no ".*" for All: Grafana then ORs the jobs found, which are Taper's only
      assertThat(job.has("allValue")).isFalse();
      String jobs = job.path("query").path("query").asText();
      assertThat(jobs).startsWith("label_values(taper_").contains(NAMESPACE).endsWith(", job)");
      for (JsonNode variable : List.of(namespace, job)) {
        assertThat(variable.path("type").asText()).isEqualTo("query");
        assertThat(variable.path("includeAll").asBoolean()).isTrue();
        assertThat(variable.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
        // label_values(<selector>, <label>) is Grafana's, not PromQL: check the selector
        String query = variable.path("query").path("query").asText();
        String selector = query.substring("label_values(".length(), query.lastIndexOf(','));
        assertThat(Dashboards.metricNames(selector))
            .isNotEmpty()
            .allSatisfy(name -> assertThat(ExportedMetrics.taperNames()).contains(name));
      }
    }
  }

  @Test
  void httpLatencyAndStageDurationShowTheMeanAndTheP95() {
    List<String> exprs = Dashboards.queries().stream().map(Dashboards.Query::expr).toList();
    assertThat(exprs)
        .anySatisfy(
            e ->
                assertThat(e)
                    .contains("rate(http_server_requests_seconds_sum")
                    .contains("rate(http_server_requests_seconds_count"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith("histogram_quantile(0.95,")
                    .contains("http_server_requests_seconds_bucket"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .contains("taper_stage_duration_seconds_sum")
                    .contains("taper_stage_duration_seconds_count"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith("histogram_quantile(0.95,")
                    .contains("taper_stage_duration_seconds_bucket"));
  }

  @Test
  void theDashboardCheckRunsTaperWithTheHttpLatencyBucketsOfTheChartAndCompose()
      throws IOException {
    assertThat(Files.readString(Repo.path("deploy/check-dashboards.sh")))
        .contains("http_latency_buckets=\"" + ServiceContract.HTTP_LATENCY_BUCKETS + "\"")
        .contains(ServiceContract.HTTP_LATENCY_BUCKETS_ENV + "=\"$http_latency_buckets\"");
  }

  @Test
  void theMetricNameParserSkipsFunctionsLabelsAndRanges() {
    String expr =
        "histogram_quantile(0.95, sum by (le, kind) (rate(taper_queue_wait_seconds_bucket{kind=\"a b\"}[$__rate_interval])))"
            + " / on (kind) max(up) or vector(0)";
    assertThat(Dashboards.metricNames(expr))
        .containsExactly("taper_queue_wait_seconds_bucket", "up");
    assertThat(Dashboards.selectors(expr))
        .containsExactly(
            new Dashboards.Selector("taper_queue_wait_seconds_bucket", "kind=\"a b\""),
            new Dashboards.Selector("up", ""));
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
}
