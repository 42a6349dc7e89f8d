package dev.taper.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.taper.config.PostgresTest;
import dev.taper.config.WebApiContext;
import dev.taper.metrics.MetricRecorder;
import dev.taper.report.chart.Palette;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The report, list and comparison pages as HTML, without a browser: what they show equals what the
 * API answers, every chart holds its data, and the basics of accessibility hold.
 */
@WebApiContext
class ReportPagesTest extends PostgresTest {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  final HttpClient http = HttpClient.newHttpClient();
  final JsonMapper json = JsonMapper.builder().build();
  ReportFixtures.Experiment experiment;

  @BeforeEach
  void experiment() {
    jdbc.sql("truncate model_edge, model, worker, stage_job, experiment cascade").update();
    experiment =
        ReportFixtures.finished(
            jdbc, "fmnist-mlp", MetricRecorder.POINTS_PER_SERIES, List.of("fmnist", "study"));
  }

  @Test
  void theArmsTableShowsTheApisValuesAndThinsGains() throws Exception {
    Document page = page("/ui/experiments/" + experiment.id());
    JsonNode api = api("/api/v1/experiments/" + experiment.id());
    Map<String, Double> accuracies = new java.util.HashMap<>();
    for (JsonNode model : api.get("models")) {
      accuracies.put(
          model.get("role").asString(), model.get("metrics").get("testAccuracy").asDouble());
    }
    assertThat(page.select("table.arms tbody tr")).hasSize(6);
    double warmedExamples =
        api.get("models")
            .valueStream()
            .filter(m -> m.get("role").asString().equals("WARMED"))
            .findFirst()
            .orElseThrow()
            .get("metrics")
            .get("thinExamplesSeen")
            .asDouble();
    for (JsonNode summary : api.get("models")) {
      JsonNode model = api("/api/v1/models/" + summary.get("id").asString());
      String role = model.get("role").asString();
      Element row = page.selectFirst("table.arms tr[data-role=" + role + "]");
      assertThat(row).as(role).isNotNull();
      assertThat(value(row, "accuracy"))
          .isEqualTo(model.get("metrics").get("testAccuracy").asDouble());
      assertThat(value(row, "parameters")).isEqualTo(model.get("paramCount").asDouble());
      assertThat(value(row, "flops")).isEqualTo(model.get("flops").asDouble());
      assertThat(value(row, "size")).isEqualTo(model.get("sizeBytes").asDouble());
      double ownExamples = model.get("metrics").get("thinExamplesSeen").asDouble();
      assertThat(value(row, "thinExamples"))
          .as("THIN's budget includes imitation's examples")
          .isEqualTo(role.equals("THIN") ? ownExamples + warmedExamples : ownExamples);
      assertThat(value(row, "wallSeconds"))
          .isEqualTo(model.get("metrics").get("wallSeconds").asDouble());
      assertThat(row.selectFirst("[data-field=latency]").hasAttr("data-value"))
          .as("no export, no latency")
          .isFalse();
      if (List.of("SCRATCH", "KD", "DEEPER").contains(role)) {
        assertThat(value(row, "thinGain"))
            .isCloseTo(accuracies.get("THIN") - accuracies.get(role), within(1e-12));
        assertThat(row.selectFirst("[data-field=thinGain]").text()).endsWith(" pts");
      } else {
        assertThat(row.selectFirst("[data-field=thinGain]").hasAttr("data-value")).isFalse();
      }
    }
    assertThat(page.selectFirst("tr[data-role=THIN] [data-field=accuracy]").text())
        .isEqualTo("87.23%");
  }

  @Test
  void eachArmCostsWhatItNeededTheStagesItWasTrainedFromIncluded() throws Exception {
    Document page = page("/ui/experiments/" + experiment.id());
    Map<String, Double> own = ReportFixtures.TRAINING_FLOPS;
    Map<String, Double> expected =
        Map.of(
            "WIDE",
            own.get("WIDE"),
            "WARMED",
            own.get("WIDE") + own.get("WARMED"),
            "THIN",
            own.get("WIDE") + own.get("WARMED") + own.get("THIN"),
            "KD",
            own.get("WIDE") + own.get("KD"),
            "SCRATCH",
            own.get("SCRATCH"),
            "DEEPER",
            own.get("DEEPER"));
    for (Map.Entry<String, Double> arm : expected.entrySet()) {
      Element row = page.selectFirst("table.arms tr[data-role=" + arm.getKey() + "]");
      assertThat(value(row, "trainingFlops")).as(arm.getKey()).isEqualTo(arm.getValue());
    }
    assertThat(page.selectFirst("tr[data-role=THIN] [data-field=trainingFlops]").text())
        .isEqualTo("5.50T");
    assertThat(page.selectFirst("tr[data-role=SCRATCH] [data-field=trainingFlops]").text())
        .isEqualTo("250.00G");
  }

  @Test
  void aCancelledLaterExportLeavesAFinishedExperimentFinishedAndDrawsNoLossChart()
      throws Exception {
    long export =
        ReportFixtures.exportJob(jdbc, experiment.id(), experiment.models().get("THIN"), null);
    jdbc.sql("update stage_job set status = 'CANCELLED', finished_at = now() where id = :id")
        .param("id", export)
        .update();

    Document page = page("/ui/experiments/" + experiment.id());

    assertThat(page.selectFirst(".summary .status").text()).isEqualTo("SUCCEEDED");
    assertThat(page.text())
        .as("a finished experiment's status says it all")
        .doesNotContain("of all stages");
    assertThat(page.getElementById("loss-" + export)).as("an export trains nothing").isNull();
  }

  @Test
  void theRootAndTheListWithATrailingSlashLeadToTheList() throws Exception {
    for (String path : List.of("/", "/ui", "/ui/", "/ui/experiments/")) {
      HttpResponse<String> response = get(path, "text/html");
      assertThat(response.statusCode()).as(path).isEqualTo(302);
      assertThat(response.headers().firstValue("Location").orElseThrow())
          .as(path)
          .endsWith("/ui/experiments");
    }
  }

  @Test
  void aPageThatCannotBeShownIsAnHtmlPageSayingWhyWithTheApisStatus() throws Exception {
    Map<String, Integer> refused =
        Map.of(
            "/ui/experiments/" + UUID.randomUUID(),
            404,
            "/ui/experiments/not-an-id",
            400,
            "/ui/compare?ids=" + experiment.id(),
            400,
            "/ui/experiments?page=-1",
            400,
            "/ui/compare?ids=" + experiment.id() + "," + experiment.id(),
            400,
            "/ui/experiments?status=SUCCEEDED&status=FAILED",
            400,
            "/ui/nope",
            404,
            "/ui/experiments/" + experiment.id() + "/nope/deeper",
            404);
    for (Map.Entry<String, Integer> path : refused.entrySet()) {
      HttpResponse<String> response = get(path.getKey(), "text/html");
      assertThat(response.statusCode()).as(path.getKey()).isEqualTo(path.getValue());
      assertThat(response.headers().firstValue("Content-Type").orElseThrow())
          .as(path.getKey())
          .startsWith("text/html");
      Document page = Jsoup.parse(response.body());
      assertThat(page.selectFirst("h1").text()).as(path.getKey()).isNotBlank();
      assertThat(page.selectFirst("p.problem").text()).as(path.getKey()).isNotBlank();
    }
    assertThat(get("/api/v1/experiments/" + UUID.randomUUID(), "application/json").headers())
        .as("the API's own answer is still problem+json")
        .satisfies(
            h ->
                assertThat(h.firstValue("Content-Type").orElseThrow())
                    .startsWith("application/problem+json"));
  }

  @Test
  void everyChartDrawsTheApisSeries() throws Exception {
    Document page = page("/ui/experiments/" + experiment.id());
    for (Map.Entry<String, Long> job : experiment.jobs().entrySet()) {
      Element chart = page.getElementById("loss-" + job.getValue());
      assertThat(chart).as("loss chart of " + job.getKey()).isNotNull();
      String series = job.getKey().equals("IMITATE") ? "imitation_loss" : "loss";
      int recorded =
          api("/api/v1/jobs/" + job.getValue() + "/metrics?name=" + series).get("points").size();
      assertThat(recorded).isEqualTo(MetricRecorder.POINTS_PER_SERIES);
      assertThat(plottedPoints(chart)).as(job.getKey()).isEqualTo(recorded);
      if (job.getKey().equals("IMITATE")) {
        assertThat(chart.select("polyline")).hasSize(ReportFixtures.LAYERS + 1);
        assertThat(chart.select("polyline title").last().text()).isEqualTo("head");
      }
    }
    Element validation = page.getElementById("validation-accuracy");
    assertThat(validation.select("polyline")).hasSize(5);
    assertThat(validation.select("circle")).hasSize(5 * ReportFixtures.EPOCHS);
    assertThat(plottedPoints(validation)).isEqualTo(5 * ReportFixtures.EPOCHS);
    Element imitation = page.getElementById("imitation-phases");
    assertThat(imitation.select("rect.bar")).hasSize(2 * (ReportFixtures.LAYERS + 1));
    assertThat(imitation.text()).contains("layer 0 (1 jump, 1 rollback)");
    Element accuracy = page.getElementById("accuracy-vs-parameters");
    assertThat(accuracy.select("g.dot circle")).hasSize(6);
    assertThat(accuracy.select("g.dot text").eachText())
        .containsExactlyInAnyOrder("WIDE", "WARMED", "THIN", "SCRATCH", "KD", "DEEPER");
    for (Element figure : page.select("figure.chart")) {
      assertThat(Integer.parseInt(figure.attr("data-plotted"))).as(figure.id()).isPositive();
    }
  }

  @Test
  void aStageWaitingForAGpuWorkerThatNoneTakesIsSaidOnThePage() throws Exception {
    assertThat(page("/ui/experiments/" + experiment.id()).select("#live .waiting")).isEmpty();
    jdbc.sql(
            """
            update stage_job set status = 'QUEUED', needs_gpu = true, finished_at = null
             where id = :id
            """)
        .param("id", experiment.jobs().get("DEEPER"))
        .update();

    String waiting = page("/ui/experiments/" + experiment.id()).select("#live .waiting").text();
    assertThat(waiting).startsWith("Waiting for a worker with a GPU").contains("TAPER_WORKER_GPU");
    assertThat(api("/api/v1/experiments/" + experiment.id()).get("waitingFor").asString())
        .isEqualTo(waiting.substring("Waiting for ".length()));
  }

  @Test
  void theLineageDrawsEveryModelLinkingToItsDownload() throws Exception {
    Document page = page("/ui/experiments/" + experiment.id());
    Set<String> links = new HashSet<>(page.select("#lineage-graph svg a").eachAttr("href"));
    Set<String> expected = new HashSet<>();
    experiment.models().values().forEach(id -> expected.add("/api/v1/models/" + id + "/download"));
    assertThat(links).isEqualTo(expected);
    assertThat(page.select("#lineage-graph .edge text").eachText())
        .containsExactlyInAnyOrder("imitated", "fine-tuned", "distilled");
    assertThat(page.select("#lineage-graph .edge.dashed")).hasSize(1);
  }

  @Test
  void thePagesMeetTheAccessibilityBasics() throws Exception {
    UUID other = ReportFixtures.finished(jdbc, "fmnist-mlp-2", 50, List.of("fmnist")).id();
    for (String path :
        List.of(
            "/ui/experiments/" + experiment.id(),
            "/ui/experiments/" + experiment.id() + "/live",
            "/ui/experiments",
            "/ui/experiments?tag=fmnist&status=SUCCEEDED",
            "/ui/compare?ids=" + experiment.id() + "," + other)) {
      Document page = page(path);
      if (path.endsWith("/live")) {
        assertThat(page.getElementById("live")).isNotNull();
        HtmlChecks.graphicsNamed(page);
        HtmlChecks.tablesDescribed(page);
        continue;
      }
      HtmlChecks.accessible(page);
    }
  }

  @Test
  void everyColourReadsOnItsBackground() throws Exception {
    for (String colour : Palette.SERIES) {
      assertThat(Contrast.ratio(colour, Palette.BACKGROUND)).as(colour).isGreaterThanOrEqualTo(4.5);
    }
    assertThat(Contrast.ratio(Palette.AXIS, Palette.BACKGROUND)).isGreaterThanOrEqualTo(4.5);
    List<String> pairs = new ArrayList<>();
    for (CssRules.Rule rule : CssRules.parse(text("/ui/report.css"))) {
      String colour = rule.declarations().get("color");
      if (colour == null || !colour.startsWith("#")) {
        continue;
      }
      String background =
          rule.declarations()
              .getOrDefault(
                  "background", rule.declarations().getOrDefault("background-color", "#ffffff"));
      double ratio = Contrast.ratio(colour, background);
      pairs.add(rule.selector() + " " + colour + " on " + background);
      assertThat(ratio)
          .as(rule.selector() + ": " + colour + " on " + background)
          .isGreaterThanOrEqualTo(4.5);
    }
    assertThat(pairs).hasSizeGreaterThan(10);
  }

  @Test
  void theListFiltersAndPagesAndTheComparisonShowsEachExperimentsArms() throws Exception {
    ReportFixtures.Experiment second =
        ReportFixtures.finished(jdbc, "fmnist-resnet", 50, List.of("resnet"));
    Document all = page("/ui/experiments");
    assertThat(all.select("tr[data-experiment]")).hasSize(2);
    Document tagged = page("/ui/experiments?tag=resnet");
    assertThat(tagged.select("tr[data-experiment]").eachAttr("data-experiment"))
        .containsExactly(second.id().toString());
    assertThat(page("/ui/experiments?status=RUNNING").select("tr[data-experiment]")).isEmpty();
    for (int i = 0; i < 21; i++) {
      ReportFixtures.finished(jdbc, "many-" + i, 1, List.of());
    }
    Document first = page("/ui/experiments");
    assertThat(first.select("tr[data-experiment]")).hasSize(20);
    assertThat(first.select("nav.pages").text()).contains("Page 1 of 2");
    assertThat(page("/ui/experiments?page=1").select("tr[data-experiment]")).hasSize(3);

    Document compare = page("/ui/compare?ids=" + experiment.id() + "&ids=" + second.id());
    for (ReportFixtures.Experiment e : List.of(experiment, second)) {
      Element cell =
          compare.selectFirst(
              "table[data-table=accuracy] tr[data-role=THIN] td[data-experiment=" + e.id() + "]");
      assertThat(Double.parseDouble(cell.attr("data-value")))
          .isEqualTo(ReportFixtures.ACCURACY.get("THIN"));
    }
    Map<String, Double> own = ReportFixtures.TRAINING_FLOPS;
    for (ReportFixtures.Experiment e : List.of(experiment, second)) {
      Element cost =
          compare.selectFirst(
              "table[data-table=training-flops] tr[data-role=THIN] td[data-experiment="
                  + e.id()
                  + "]");
      assertThat(Double.parseDouble(cost.attr("data-value")))
          .isEqualTo(own.get("WIDE") + own.get("WARMED") + own.get("THIN"));
      assertThat(cost.text()).isEqualTo("5.50T");
    }
    assertThat(compare.select("table[data-table=gain] tbody tr").eachAttr("data-role"))
        .containsExactly("SCRATCH", "KD", "DEEPER");
    assertThat(compare.selectFirst("table[data-table=gain] caption").text())
        .isEqualTo("THIN's test accuracy minus each baseline's, in percentage points");
    assertThat(
            compare
                .selectFirst(
                    "table[data-table=gain] tr[data-role=KD] td[data-experiment="
                        + experiment.id()
                        + "]")
                .text())
        .isEqualTo("+0.65 pts");
    assertThat(compare.select("table[data-table=parameters] tr[data-role=WARMED] td").eachText())
        .containsOnly("32,618");
    assertThat(compare.select("#compare-accuracy g.dot")).hasSize(12);
    assertThat(status("/ui/compare?ids=" + experiment.id())).isEqualTo(400);
    assertThat(status("/ui/compare?ids=" + experiment.id() + ",nope")).isEqualTo(400);
    assertThat(status("/ui/compare?ids=" + experiment.id() + "," + UUID.randomUUID()))
        .isEqualTo(404);
    assertThat(status("/ui/experiments?status=SLEEPING")).isEqualTo(400);
    assertThat(status("/ui/experiments/" + UUID.randomUUID())).isEqualTo(404);
  }

  @Test
  void aBrowserAskingTheApiForHtmlGetsTheReportAndEveryoneElseTheSameJson() throws Exception {
    String path = "/api/v1/experiments/" + experiment.id();
    HttpResponse<String> html = get(path, "text/html,application/xhtml+xml,*/*;q=0.8");
    assertThat(html.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(Jsoup.parse(html.body()).selectFirst("h1").text()).isEqualTo("fmnist-mlp");
    HttpResponse<String> none = get(path, null);
    assertThat(none.headers().firstValue("Content-Type")).hasValue("application/json");
    for (String accept : List.of("*/*", "application/json", "application/*")) {
      HttpResponse<String> jsonAnswer = get(path, accept);
      assertThat(jsonAnswer.headers().firstValue("Content-Type"))
          .as(accept)
          .hasValue("application/json");
      assertThat(json.readTree(jsonAnswer.body())).as(accept).isEqualTo(json.readTree(none.body()));
    }
    assertThat(json.readTree(none.body()).get("tags").valueStream().map(JsonNode::asString))
        .containsExactly("fmnist", "study");
  }

  private int plottedPoints(Element chart) {
    int points = 0;
    for (Element line : chart.select("polyline")) {
      String[] pairs = line.attr("points").trim().split("\\s+");
      assertThat(pairs.length).isEqualTo(Integer.parseInt(line.attr("data-points")));
      points += pairs.length;
    }
    return points;
  }

  private static double value(Element row, String field) {
    return Double.parseDouble(row.selectFirst("[data-field=" + field + "]").attr("data-value"));
  }

  private Document page(String path) throws Exception {
    HttpResponse<String> response = get(path, "text/html");
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return Jsoup.parse(response.body(), "http://localhost:" + port + path);
  }

  private JsonNode api(String path) throws Exception {
    HttpResponse<String> response = get(path, "application/json");
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private String text(String path) throws Exception {
    return get(path, null).body();
  }

  private int status(String path) throws Exception {
    return get(path, "text/html").statusCode();
  }

  private HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
