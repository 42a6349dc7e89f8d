package dev.taper.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.config.FullStackTest;
import dev.taper.dataset.DatasetRegistry;
import dev.taper.dataset.TestDatasets;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The service over HTTP: dataset uploads, cancellation of a running stage, docs and actuator. */
@FullStackTest.Context
class ServiceEndpointsTest extends FullStackTest {

  @LocalServerPort int port;
  @Autowired DatasetRegistry datasets;
  Http http;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    FixtureDataset.register(datasets);
  }

  static byte[] subsetFile(String name) throws Exception {
    return Files.readAllBytes(TestDatasets.subsetDirectory().resolve(name));
  }

  @Test
  void anIdxPairUploadIsValidatedStoredAndListed() throws Exception {
    HttpResponse<String> created =
        http.send(
            new Multipart()
                .field("name", "upload-idx")
                .field("format", "idx")
                .file("trainImages", "train-images.gz", subsetFile("train-images-idx3-ubyte.gz"))
                .file("trainLabels", "train-labels.gz", subsetFile("train-labels-idx1-ubyte.gz"))
                .request(http.base() + "/api/v1/datasets"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode dataset = http.json(created);
    assertThat(dataset.get("classes").asInt()).isEqualTo(10);
    assertThat(dataset.get("trainExamples").asInt()).as("10% held out as test").isEqualTo(1800);
    assertThat(dataset.get("testExamples").asInt()).isEqualTo(200);
    assertThat(dataset.get("sha256").asString()).hasSize(64);

    JsonNode listed = http.json(http.get("/api/v1/datasets"));
    assertThat(listed.valueStream().map(d -> d.get("name").asString()))
        .contains("fashion-mnist", "upload-idx");

    // experiments may now name it
    HttpResponse<String> experiment =
        http.post("/api/v1/experiments", "{\"dataset\": \"upload-idx\", \"baselines\": []}");
    assertThat(experiment.statusCode()).as(experiment.body()).isEqualTo(201);
    http.post("/api/v1/experiments/" + http.json(experiment).get("id").asString() + "/cancel", "");

    HttpResponse<String> again =
        http.send(
            new Multipart()
                .field("name", "upload-idx")
                .file("trainImages", "a", subsetFile("train-images-idx3-ubyte.gz"))
                .file("trainLabels", "b", subsetFile("train-labels-idx1-ubyte.gz"))
                .request(http.base() + "/api/v1/datasets"));
    assertThat(again.statusCode()).isEqualTo(409);
  }

  @Test
  void brokenUploadsAreRefusedWithWhatIsWrong() throws Exception {
    byte[] labels = subsetFile("train-labels-idx1-ubyte.gz");
    byte[] truncated =
        Arrays.copyOf(Files.readAllBytes(unzipped("train-labels-idx1-ubyte.gz")), 100);
    HttpResponse<String> broken =
        http.send(
            new Multipart()
                .field("name", "broken")
                .file("trainImages", "i", subsetFile("train-images-idx3-ubyte.gz"))
                .file("trainLabels", "l", truncated)
                .request(http.base() + "/api/v1/datasets"));
    assertThat(broken.statusCode()).as(broken.body()).isEqualTo(400);
    assertThat(broken.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = http.json(broken);
    assertThat(problem.get("title").asString()).isEqualTo("Unreadable dataset file");
    assertThat(problem.has("offset")).isTrue();

    HttpResponse<String> incomplete =
        http.send(
            new Multipart()
                .field("name", "Bad Name")
                .file("trainLabels", "l", labels)
                .file("extra", "x", new byte[] {1})
                .request(http.base() + "/api/v1/datasets"));
    assertThat(incomplete.statusCode()).isEqualTo(400);
    assertThat(http.json(incomplete).get("errors").size()).isEqualTo(3);
    assertThat(
            http.json(http.get("/api/v1/datasets"))
                .valueStream()
                .map(d -> d.get("name").asString()))
        .doesNotContain("broken", "Bad Name");
  }

  @Test
  void aCsvUploadWorksToo() {
    StringBuilder csv = new StringBuilder("label,a,b,c\n");
    for (int i = 0; i < 40; i++) {
      csv.append(i % 3).append(',').append(i).append(',').append(i * 0.5).append(",1\n");
    }
    HttpResponse<String> created =
        http.send(
            new Multipart()
                .field("name", "tiny-csv")
                .field("format", "csv")
                .file("train", "train.csv", csv.toString().getBytes(StandardCharsets.UTF_8))
                .request(http.base() + "/api/v1/datasets"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(http.json(created).get("classes").asInt()).isEqualTo(3);
    assertThat(http.json(created).get("exampleShape").toString()).isEqualTo("[3]");
  }

  @Test
  void cancellingStopsARunningStageWithinSecondsAndRecordsNothing() throws Exception {
    HttpResponse<String> created =
        http.post(
            "/api/v1/experiments",
            """
            {"name": "to-cancel", "model": {"depth": 2, "width": 16}, "device": "cpu",
             "wide": {"epochs": 200, "batchSize": 16}, "baselines": ["scratch"]}
            """);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = http.json(created).get("id").asString();
    long wide = http.json(created).get("stages").get(0).get("id").asLong();
    awaitTrue(
        Duration.ofMinutes(2),
        () -> {
          JsonNode job = http.json(http.get("/api/v1/jobs/" + wide));
          return job.get("status").asString().equals("RUNNING") && !job.get("progress").isNull();
        });
    JsonNode progress = http.json(http.get("/api/v1/jobs/" + wide)).get("progress");
    assertThat(progress.get("phase").asString()).isEqualTo("train");
    assertThat(progress.get("totalSteps").asLong()).isPositive();

    HttpResponse<String> cancel = http.post("/api/v1/experiments/" + id + "/cancel", "");
    assertThat(cancel.statusCode()).isEqualTo(202);
    long asked = System.nanoTime();
    awaitTrue(
        Duration.ofSeconds(20),
        () ->
            http.json(http.get("/api/v1/experiments/" + id))
                .get("status")
                .asString()
                .equals("CANCELLED"));
    assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(20));

    JsonNode experiment = http.json(http.get("/api/v1/experiments/" + id));
    assertThat(experiment.get("stages").valueStream().map(s -> s.get("status").asString()))
        .containsOnly("CANCELLED");
    assertThat(experiment.get("models").size()).isZero();
  }

  @Test
  void openApiAndActuatorAreServed() {
    HttpResponse<String> docs = http.get("/v3/api-docs");
    assertThat(docs.statusCode()).isEqualTo(200);
    JsonNode paths = http.json(docs).get("paths");
    assertThat(paths.has("/api/v1/experiments")).isTrue();
    assertThat(paths.has("/api/v1/experiments/{id}/cancel")).isTrue();
    assertThat(paths.has("/api/v1/jobs/{id}")).isTrue();
    assertThat(paths.has("/api/v1/models/{id}/download")).isTrue();
    assertThat(paths.has("/api/v1/models/{id}/lineage")).isTrue();
    assertThat(paths.has("/api/v1/datasets")).isTrue();

    assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    HttpResponse<String> readiness = http.get("/actuator/health/readiness");
    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(http.json(readiness).get("status").asString()).isEqualTo("UP");
    HttpResponse<String> prometheus = http.get("/actuator/prometheus");
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(prometheus.body()).contains("taper_jobs").contains("jvm_memory_used_bytes");
  }

  static Path unzipped(String gz) throws Exception {
    Path out = Files.createTempFile("taper", ".idx");
    try (var in =
        new java.util.zip.GZIPInputStream(
            Files.newInputStream(TestDatasets.subsetDirectory().resolve(gz)))) {
      Files.write(out, in.readAllBytes());
    }
    out.toFile().deleteOnExit();
    return out;
  }

  static void awaitTrue(Duration timeout, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout);
      }
      // the condition is read over HTTP or SQL; there is no event to block on
      Thread.sleep(200);
    }
  }
}
