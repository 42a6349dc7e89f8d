package dev.taper.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taper.config.FullStackTest;
import dev.taper.dataset.DatasetRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The report pages in a real browser, on a real small experiment trained by the worker: the arms
 * table holds the API's values, every chart has drawn data, the lineage's links download, and a
 * running experiment's progress moves without a reload. Screenshots of every page go to
 * target/screenshots/.
 */
@FullStackTest.Context
class ReportBrowserTest extends FullStackTest {

  static final String SMALL_SPEC =
      """
      {"name": "fmnist-mlp-small", "dataset": "fashion-mnist",
       "model": {"family": "mlp", "depth": 3, "width": 24}, "widenFactor": 4, "seed": 7,
       "device": "cpu",
       "wide": {"epochs": 4, "batchSize": 64},
       "imitate": {"stepsPerLayer": 60, "batchSize": 64, "schedule": "progressive"},
       "finetune": {"epochs": 3, "batchSize": 64},
       "baselines": ["scratch", "kd", "deeper"],
       "limits": {"trainExamples": 1500, "testExamples": 500},
       "tags": ["browser-test", "fmnist"]}
      """;

  /** Long enough to watch: the wide network trains for many epochs (cancelled once seen). */
  static final String LONG_SPEC =
      """
      {"name": "fmnist-mlp-long", "dataset": "fashion-mnist",
       "model": {"family": "mlp", "depth": 4, "width": 64}, "widenFactor": 8, "seed": 7,
       "device": "cpu", "wide": {"epochs": 400, "batchSize": 16},
       "baselines": [], "limits": {"trainExamples": 1500, "testExamples": 200},
       "tags": ["browser-test"]}
      """;

  @LocalServerPort int port;
  @Autowired DatasetRegistry datasets;
  Http http;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    FixtureDataset.register(datasets);
  }

  @Test
  void theReportShowsAFinishedExperimentAndFollowsARunningOne() throws Exception {
    String finished = submit(SMALL_SPEC);
    JsonNode experiment = awaitStatus(finished, "SUCCEEDED", Duration.ofMinutes(8));
    try (Browser browser = Browser.start()) {
      WebDriver driver = browser.driver();
      driver.get(http.base() + "/ui/experiments/" + finished);
      armsEqualTheApi(driver, experiment);
      everyChartHasData(driver, experiment);
      lineageLinksDownload(driver, experiment);
      browser.screenshot("report");

      String running = submit(LONG_SPEC);
      JsonNode started = awaitRunningWithProgress(running);
      long job = started.get("stages").get(0).get("id").asLong();
      driver.get(http.base() + "/ui/experiments/" + running);
      browser.script("window.taperNotReloaded = true;");
      double first = progressOf(driver, job);
      new WebDriverWait(driver, Duration.ofSeconds(90))
          .pollingEvery(Duration.ofMillis(250))
          .until(d -> progressOf(d, job) > first);
      assertThat(browser.script("return window.taperNotReloaded === true;"))
          .as("the page updated in place, without a reload")
          .isEqualTo(true);
      browser.screenshot("report-running");

      driver.get(http.base() + "/ui/experiments?tag=browser-test");
      assertThat(driver.findElements(By.cssSelector("tr[data-experiment]"))).hasSize(2);
      browser.screenshot("experiments");
      driver.get(http.base() + "/ui/compare?ids=" + finished + "," + running);
      assertThat(driver.findElements(By.cssSelector("table[data-table=accuracy] tbody tr")))
          .hasSizeGreaterThanOrEqualTo(5);
      browser.screenshot("compare");

      http.post("/api/v1/experiments/" + running + "/cancel", "");
      awaitStatus(running, "CANCELLED", Duration.ofMinutes(2));
    }
  }

  private void armsEqualTheApi(WebDriver driver, JsonNode experiment) {
    List<WebElement> rows = driver.findElements(By.cssSelector("table.arms tbody tr"));
    assertThat(rows).hasSize(experiment.get("models").size());
    for (JsonNode summary : experiment.get("models")) {
      JsonNode model = http.json(http.get("/api/v1/models/" + summary.get("id").asString()));
      WebElement row =
          driver.findElement(By.cssSelector("tr[data-role=" + model.get("role").asString() + "]"));
      assertThat(value(row, "accuracy"))
          .isEqualTo(model.get("metrics").get("testAccuracy").asDouble());
      assertThat(value(row, "parameters")).isEqualTo(model.get("paramCount").asDouble());
      assertThat(value(row, "flops")).isEqualTo(model.get("flops").asDouble());
      assertThat(value(row, "size")).isEqualTo(model.get("sizeBytes").asDouble());
      assertThat(value(row, "wallSeconds"))
          .isEqualTo(model.get("metrics").get("wallSeconds").asDouble());
      String shown = row.findElement(By.cssSelector("[data-field=accuracy]")).getText();
      assertThat(shown)
          .isEqualTo(
              String.format(
                  java.util.Locale.ROOT,
                  "%.2f%%",
                  model.get("metrics").get("testAccuracy").asDouble() * 100));
    }
  }

  private void everyChartHasData(WebDriver driver, JsonNode experiment) {
    for (JsonNode stage : experiment.get("stages")) {
      long job = stage.get("id").asLong();
      String series = stage.get("kind").asString().equals("IMITATE") ? "imitation_loss" : "loss";
      int recorded =
          http.json(http.get("/api/v1/jobs/" + job + "/metrics?name=" + series))
              .get("points")
              .size();
      assertThat(recorded).as("%s points of job %d", series, job).isPositive();
      int drawn = 0;
      for (WebElement line :
          driver.findElements(By.cssSelector("#loss-" + job + " svg polyline"))) {
        drawn += line.getDomAttribute("points").trim().split("\\s+").length;
      }
      assertThat(drawn).as("points drawn for job %d", job).isEqualTo(recorded);
    }
    for (String chart :
        List.of("validation-accuracy", "imitation-phases", "accuracy-vs-parameters")) {
      WebElement figure = driver.findElement(By.id(chart));
      assertThat(figure.findElements(By.cssSelector("svg polyline, svg rect.bar, svg g.dot")))
          .as(chart)
          .isNotEmpty();
      assertThat(Integer.parseInt(figure.getDomAttribute("data-plotted"))).as(chart).isPositive();
    }
  }

  private void lineageLinksDownload(WebDriver driver, JsonNode experiment) {
    List<String> links =
        driver.findElements(By.cssSelector("#lineage-graph svg a")).stream()
            .map(a -> a.getDomAttribute("href"))
            .toList();
    assertThat(links).hasSize(experiment.get("models").size());
    for (JsonNode model : experiment.get("models")) {
      assertThat(links)
          .anyMatch(l -> l.endsWith("/api/v1/models/" + model.get("id").asString() + "/download"));
    }
    String thin =
        experiment
            .get("models")
            .valueStream()
            .filter(m -> m.get("role").asString().equals("THIN"))
            .findFirst()
            .orElseThrow()
            .get("id")
            .asString();
    String href = links.stream().filter(l -> l.contains(thin)).findFirst().orElseThrow();
    HttpResponse<byte[]> zip = http.getBytes(href.substring(href.indexOf("/api/")));
    assertThat(zip.statusCode()).isEqualTo(200);
    assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
    assertThat(new String(zip.body(), 0, 2, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("PK");
  }

  /** Read in one script: the live part may be swapped between finding the bar and reading it. */
  private static double progressOf(WebDriver driver, long job) {
    Object value =
        ((JavascriptExecutor) driver)
            .executeScript(
                "const bar = document.querySelector(\"tr[data-job='\" + arguments[0] + \"']"
                    + " progress\"); return bar ? bar.getAttribute('value') : null;",
                job);
    return value == null ? -1 : Double.parseDouble(value.toString());
  }

  private static double value(WebElement row, String field) {
    return Double.parseDouble(
        row.findElement(By.cssSelector("[data-field=" + field + "]"))
            .getDomAttribute("data-value"));
  }

  private String submit(String spec) {
    HttpResponse<String> created = http.post("/api/v1/experiments", spec);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return http.json(created).get("id").asString();
  }

  private JsonNode awaitStatus(String id, String status, Duration timeout) {
    return await()
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> http.json(http.get("/api/v1/experiments/" + id)),
            e -> {
              String now = e.get("status").asString();
              assertThat(now).as(e.toString()).isIn("QUEUED", "RUNNING", status);
              return now.equals(status);
            });
  }

  private JsonNode awaitRunningWithProgress(String id) {
    return await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> http.json(http.get("/api/v1/experiments/" + id)),
            e -> {
              JsonNode progress = e.get("stages").get(0).get("progress");
              return e.get("status").asString().equals("RUNNING")
                  && progress != null
                  && !progress.isNull()
                  && progress.get("step").asLong() > 0;
            });
  }
}
