package dev.taper.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The built-in datasets through the running service: {@code fashion-mnist-mini} registered at
 * start-up, {@code fashion-mnist} registered when a submission first names it (downloaded from the
 * local mirror, no restart), and the README's walk-through on {@code fashion-mnist-mini}.
 */
class BuiltinDatasetsApiTest extends DatasetServiceTest {

  /** The README's walk-through spec with the built-in mini dataset. */
  static final String README_SPEC =
      """
      {"name": "walkthrough", "dataset": "fashion-mnist-mini",
       "model": {"family": "mlp", "depth": 8, "width": 32},
       "widenFactor": 8, "seed": 7, "device": "auto",
       "wide":     {"epochs": 5, "batchSize": 128, "optimizer": {"name": "adam", "learningRate": 0.001}},
       "imitate":  {"stepsPerLayer": 150, "schedule": "joint", "loss": "normalized_mse"},
       "finetune": {"epochs": 3, "distillation": {"alpha": 0.0, "temperature": 4.0}},
       "baselines": ["scratch", "kd"],
       "export": {"formats": ["onnx"], "precisions": ["fp32", "int8"]}}
      """;

  static final String FASHION_MNIST_SPEC =
      """
      {"name": "on-demand", "dataset": "fashion-mnist", "model": {"depth": 1, "width": 8},
       "widenFactor": 2, "device": "cpu", "wide": {"epochs": 1}, "imitate": {"stepsPerLayer": 1},
       "finetune": {"epochs": 1}, "baselines": [], "limits": {"trainExamples": 500}}
      """;

  @LocalServerPort int port;
  @Autowired DatasetRegistry registry;
  @Autowired JdbcClient jdbc;
  ApiClient api;

  @BeforeEach
  void forgetFashionMnist() throws IOException {
    api = new ApiClient(port);
    jdbc.sql("delete from dataset where name = 'fashion-mnist'").update();
    deleteTree(downloadDirectory());
    MIRROR.mode(MirrorServer.Mode.SERVE);
    MIRROR.resetCounts();
  }

  @Test
  void theMiniDatasetIsRegisteredAtStartUpAndReadableByName() {
    HttpResponse<String> mini = api.get("/api/v1/datasets/fashion-mnist-mini");

    assertThat(mini.statusCode()).as(mini.body()).isEqualTo(200);
    JsonNode dataset = api.json(mini);
    assertThat(dataset.get("sha256").asString()).isEqualTo(FashionMnistMiniTest.CONTENT_SHA256);
    assertThat(dataset.get("trainExamples").asInt()).isEqualTo(2000);
    assertThat(dataset.get("testExamples").asInt()).isEqualTo(500);
    assertThat(dataset.get("exampleShape").toString()).isEqualTo("[1,28,28]");
    assertThat(dataset.has("uri")).isFalse();
    assertThat(api.json(api.get("/api/v1/datasets")).valueStream().map(d -> d.get("name")))
        .extracting(JsonNode::asString)
        .contains("fashion-mnist-mini")
        .doesNotContain("fashion-mnist");
    assertThat(home().resolve("datasets/fashion-mnist-mini/train-images-idx3-ubyte.gz"))
        .isRegularFile();
  }

  @Test
  void theMiniDatasetIsResolvedOnDemandToo() {
    jdbc.sql("delete from dataset where name = 'fashion-mnist-mini'").update();

    Optional<RegisteredDataset> mini = registry.resolve("fashion-mnist-mini");

    assertThat(mini).map(RegisteredDataset::sha256).contains(FashionMnistMiniTest.CONTENT_SHA256);
    assertThat(registry.find("fashion-mnist-mini")).isPresent();
    assertThat(registry.resolve("no-such-data")).isEmpty();
  }

  @Test
  void anUnknownDatasetIsA404NamingIt() {
    HttpResponse<String> absent = api.get("/api/v1/datasets/no-such-data");
    HttpResponse<String> builtin = api.get("/api/v1/datasets/fashion-mnist");

    assertThat(absent.statusCode()).isEqualTo(404);
    assertThat(absent.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(api.json(absent).get("detail").asString())
        .isEqualTo("parameter name: no dataset named 'no-such-data' is registered");
    assertThat(builtin.statusCode()).isEqualTo(404);
    assertThat(api.json(builtin).get("detail").asString())
        .isEqualTo(
            "parameter name: no dataset named 'fashion-mnist' is registered; it is built in, and"
                + " the first experiment naming it registers it");
  }

  @Test
  void aSubmissionNamingFashionMnistRegistersItThenAndThereWithoutARestart() {
    MIRROR.mode(MirrorServer.Mode.FAIL_503);

    HttpResponse<String> refused = api.postJson("/api/v1/experiments", FASHION_MNIST_SPEC);

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    JsonNode error = api.json(refused).get("errors").get(0);
    assertThat(error.get("field").asString()).isEqualTo("dataset");
    assertThat(error.get("message").asString())
        .startsWith("fashion-mnist is not on this machine")
        .contains(
            "its download failed (train-images-idx3-ubyte.gz: HTTP 503 Service Unavailable from "
                + MIRROR.base())
        .endsWith("or use fashion-mnist-mini; the server log lists every place looked")
        .hasSizeLessThan(400);
    assertThat(refused.body()).doesNotContain("Exception", "at dev.taper");

    MIRROR.mode(MirrorServer.Mode.SERVE);
    HttpResponse<String> created = api.postJson("/api/v1/experiments", FASHION_MNIST_SPEC);

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    cancel(created);
    JsonNode dataset = api.json(api.get("/api/v1/datasets/fashion-mnist"));
    assertThat(dataset.get("sha256").asString())
        .isEqualTo(TestDatasets.fashionMnistSubset().sha256());
    assertThat(dataset.get("trainExamples").asInt()).isEqualTo(2000);
    assertThat(downloadDirectory().resolve("t10k-labels-idx1-ubyte.gz")).isRegularFile();
    // registered now: a second submission downloads nothing
    MIRROR.resetCounts();
    HttpResponse<String> again = api.postJson("/api/v1/experiments", FASHION_MNIST_SPEC);
    assertThat(again.statusCode()).isEqualTo(201);
    cancel(again);
    assertThat(MIRROR.totalRequests()).isZero();
  }

  @Test
  void concurrentResolvesDownloadOnceAndRegisterOnce() throws Exception {
    MIRROR.hold();
    CompletableFuture<Optional<RegisteredDataset>> first =
        CompletableFuture.supplyAsync(() -> registry.resolve("fashion-mnist"));
    await().atMost(Duration.ofSeconds(30)).until(() -> MIRROR.totalRequests() == 1);
    CompletableFuture<Optional<RegisteredDataset>> second = new CompletableFuture<>();
    Thread secondCaller =
        new Thread(
            () -> {
              try {
                second.complete(registry.resolve("fashion-mnist"));
              } catch (RuntimeException e) {
                second.completeExceptionally(e);
              }
            });
    secondCaller.start();
    // the second caller waits for the first instead of downloading too
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> secondCaller.getState() == Thread.State.WAITING);
    MIRROR.release();

    UUID id = first.get().orElseThrow().id();
    assertThat(second.get().orElseThrow().id()).isEqualTo(id);
    for (String file : FashionMnist.FILES) {
      assertThat(MIRROR.requests(file)).as(file).isOne();
    }
    assertThat(registry.list().stream().filter(d -> d.name().equals("fashion-mnist"))).hasSize(1);
  }

  @Test
  void aBuiltinRegisteredByAnotherMachineIsReadFromThisMachinesCopy() {
    String subsetSha256 = TestDatasets.fashionMnistSubset().sha256();
    registry.register(elsewhere(subsetSha256));

    RawDataset raw = registry.load("fashion-mnist");

    assertThat(raw.train().size()).isEqualTo(2000);
    assertThat(raw.sha256()).isEqualTo(subsetSha256);
    assertThat(MIRROR.totalRequests()).isEqualTo(4);
  }

  @Test
  void aCopyOnThisMachineWithOtherBytesIsRefused() {
    registry.register(elsewhere("0".repeat(64)));

    assertThatThrownBy(() -> registry.load("fashion-mnist"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("this machine's copy in " + downloadDirectory() + " differs");
  }

  @Test
  void theReadmeWalkthroughRunsOnTheMiniDataset() {
    HttpResponse<String> created = api.postJson("/api/v1/experiments", README_SPEC);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = api.json(created).get("id").asString();

    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(status(id)));

    JsonNode experiment = api.json(api.get("/api/v1/experiments/" + id));
    assertThat(experiment.get("status").asString())
        .as(experiment.toString())
        .isEqualTo("SUCCEEDED");
    String thin =
        experiment
            .get("models")
            .valueStream()
            .filter(m -> m.get("role").asString().equals("THIN"))
            .findFirst()
            .orElseThrow()
            .get("id")
            .asString();
    assertThat(api.get("/api/v1/models/" + thin + "/lineage").statusCode()).isEqualTo(200);
    HttpResponse<byte[]> download = api.getBytes("/api/v1/models/" + thin + "/download");
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isNotEmpty();
    HttpResponse<byte[]> exported =
        api.getBytes("/api/v1/models/" + thin + "/download?format=onnx&precision=int8");
    assertThat(exported.statusCode()).isEqualTo(200);
    assertThat(exported.body()).isNotEmpty();
  }

  private String status(String experiment) {
    return api.json(api.get("/api/v1/experiments/" + experiment)).get("status").asString();
  }

  private void cancel(HttpResponse<String> created) {
    String id = api.json(created).get("id").asString();
    api.postJson("/api/v1/experiments/" + id + "/cancel", "");
  }

  /** A record of fashion-mnist as another machine made it, in a folder this one lacks. */
  private static RegisteredDataset elsewhere(String sha256) {
    return new RegisteredDataset(
        UUID.randomUUID(),
        "fashion-mnist",
        DatasetFormat.IDX,
        DatasetRegistry.FILE + "/elsewhere/fashion-mnist",
        sha256,
        List.of(1L, 28L, 28L),
        10,
        2000,
        500,
        null);
  }

  private static void deleteTree(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
