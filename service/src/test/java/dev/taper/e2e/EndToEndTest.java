package dev.taper.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.taper.config.FullStackTest;
import dev.taper.dataset.DatasetPreparer;
import dev.taper.dataset.DatasetRegistry;
import dev.taper.dataset.LabeledData;
import dev.taper.dataset.TestDatasets;
import dev.taper.training.family.Network;
import dev.taper.training.family.NetworkFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The whole path through one JVM: submit a tiny spec over HTTP, let the worker train every stage on
 * the committed Fashion-MNIST subset, check the lineage, download the THIN model and load it back
 * to the accuracy the service recorded.
 */
@FullStackTest.Context
class EndToEndTest extends FullStackTest {

  static final String TINY_SPEC =
      """
      {"name": "e2e-tiny", "dataset": "fashion-mnist",
       "model": {"family": "mlp", "depth": 2, "width": 16}, "widenFactor": 4, "seed": 7,
       "device": "cpu",
       "wide": {"epochs": 1, "batchSize": 64},
       "imitate": {"stepsPerLayer": 15, "batchSize": 64},
       "finetune": {"epochs": 1, "batchSize": 64},
       "baselines": ["scratch", "kd"],
       "limits": {"trainExamples": 500, "testExamples": 300}}
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
  void aTinyExperimentRunsEveryStageAndItsThinModelLoadsBack(@TempDir Path unpacked)
      throws Exception {
    HttpResponse<String> created =
        http.post("/api/v1/experiments", TINY_SPEC, "Idempotency-Key", "e2e-1");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = http.json(created).get("id").asString();
    assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/experiments/" + id);
    HttpResponse<String> replay =
        http.post("/api/v1/experiments", TINY_SPEC, "Idempotency-Key", "e2e-1");
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(http.json(replay).get("id").asString()).isEqualTo(id);

    JsonNode experiment = awaitEnd(id, Duration.ofMinutes(4));
    assertThat(experiment.get("status").asString())
        .as(experiment.toString())
        .isEqualTo("SUCCEEDED");
    assertThat(experiment.get("stages").valueStream().map(s -> s.get("status").asString()))
        .containsOnly("SUCCEEDED")
        .hasSize(5);
    Map<String, String> modelByRole = new HashMap<>();
    for (JsonNode model : experiment.get("models")) {
      modelByRole.put(model.get("role").asString(), model.get("id").asString());
      assertThat(model.get("metrics").get("testAccuracy").asDouble()).isBetween(0.0, 1.0);
      assertThat(model.get("metrics").get("inactiveUnitsPerLayer").valueStream())
          .isNotEmpty()
          .allSatisfy(share -> assertThat(share.asDouble()).isBetween(0.0, 1.0));
    }
    assertThat(modelByRole).containsOnlyKeys("WIDE", "WARMED", "THIN", "SCRATCH", "KD");

    // a job's live progress, as last written
    long stageId = experiment.get("stages").get(0).get("id").asLong();
    JsonNode job = http.json(http.get("/api/v1/jobs/" + stageId));
    assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(job.get("progress").get("phase").asString()).isEqualTo("done");
    assertThat(job.get("progress").get("samplesPerSecond").asDouble()).isPositive();

    String thin = modelByRole.get("THIN");
    JsonNode lineage = http.json(http.get("/api/v1/models/" + thin + "/lineage"));
    List<String> edges =
        lineage
            .get("edges")
            .valueStream()
            .map(
                e ->
                    role(modelByRole, e.get("from").asString())
                        + "-"
                        + e.get("relation").asString()
                        + "->"
                        + role(modelByRole, e.get("to").asString()))
            .toList();
    assertThat(edges)
        .containsExactlyInAnyOrder(
            "WIDE-IMITATED_FROM->WARMED", "WARMED-FINETUNED_FROM->THIN", "WIDE-DISTILLED_FROM->KD");
    assertThat(lineage.get("nodes").valueStream().map(n -> n.get("role").asString()))
        .containsExactlyInAnyOrder("WIDE", "WARMED", "THIN", "SCRATCH", "KD");

    HttpResponse<byte[]> download = http.getBytes("/api/v1/models/" + thin + "/download");
    assertThat(download.statusCode()).isEqualTo(200);
    byte[] zip = download.body();
    assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(zip.length);
    assertThat(download.headers().firstValue("ETag")).hasValue("\"" + sha256(zip) + "\"");
    Map<String, byte[]> entries = unzip(zip, unpacked);
    assertThat(entries)
        .containsOnlyKeys(
            NetworkFiles.PARAMETERS_FILE,
            NetworkFiles.ARCHITECTURE_FILE,
            "model-card.json",
            "serving.properties");
    JsonNode card =
        http.json(
            new String(entries.get("model-card.json"), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(card.get("role").asString()).isEqualTo("THIN");
    assertThat(card.get("spec").get("model").get("depth").asInt()).isEqualTo(2);
    assertThat(card.get("dataset").get("name").asString()).isEqualTo("fashion-mnist");
    assertThat(card.get("dataset").get("exampleShape").toString()).isEqualTo("[1,28,28]");
    // the card's lineage is what THIN was made from, which no later model (an export, another
    // experiment's student of the same WIDE) changes: siblings and descendants are not in it
    assertThat(card.get("lineage").get("nodes").valueStream().map(n -> n.get("role").asString()))
        .containsExactlyInAnyOrder("WIDE", "WARMED", "THIN");
    assertThat(card.get("lineage").get("edges").size()).isEqualTo(2);
    // the same bytes again: the ETag is stable
    assertThat(http.getBytes("/api/v1/models/" + thin + "/download").headers().firstValue("ETag"))
        .isEqualTo(download.headers().firstValue("ETag"));

    double recorded =
        http.json(http.get("/api/v1/models/" + thin)).get("metrics").get("testAccuracy").asDouble();
    LabeledData test =
        DatasetPreparer.prepare(TestDatasets.fashionMnistSubset(), 7, 0.1, 500, 300).test();
    try (Network network = NetworkFiles.load(unpacked, Device.cpu())) {
      assertThat(accuracy(network, test))
          .isEqualTo(recorded, org.assertj.core.data.Offset.offset(1e-9));
    }
    assertThat(recorded).as("better than chance (10 classes)").isGreaterThan(0.3);
  }

  /**
   * A ResNet and a Transformer go through the same service as the MLP, with only their spec's
   * {@code model} changed: every method stage succeeds, and the THIN download describes the family
   * fully and loads back to the recorded accuracy.
   */
  @Test
  void aTinyResnetAndATransformerRunThroughTheSameService(@TempDir Path unpacked) throws Exception {
    String spec =
        """
        {"name": "e2e-%s", "dataset": "fashion-mnist", "model": %s, "widenFactor": 2,
         "seed": 7, "device": "cpu",
         "wide": {"epochs": 1, "batchSize": 64},
         "imitate": {"stepsPerLayer": 5, "batchSize": 64},
         "finetune": {"epochs": 1, "batchSize": 64},
         "baselines": [], "limits": {"trainExamples": 500, "testExamples": 200}}
        """;
    Map<String, String> models =
        Map.of(
            "resnet",
            """
            {"family": "resnet", "stemChannels": 4,
             "stages": [{"blocks": 1, "channels": 8, "innerChannels": 2},
                        {"blocks": 1, "channels": 8, "innerChannels": 2}]}
            """,
            "transformer",
            """
            {"family": "transformer", "depth": 1, "width": 16, "heads": 1, "headSize": 8,
             "ffnWidth": 16, "tokens": "patches"}
            """);
    Map<String, String> experiments = new HashMap<>();
    for (var model : models.entrySet()) {
      HttpResponse<String> created =
          http.post("/api/v1/experiments", spec.formatted(model.getKey(), model.getValue()));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      experiments.put(model.getKey(), http.json(created).get("id").asString());
    }
    for (var family : experiments.entrySet()) {
      JsonNode experiment = awaitEnd(family.getValue(), Duration.ofMinutes(4));
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
      JsonNode view = http.json(http.get("/api/v1/models/" + thin));
      assertThat(view.get("family").asString()).isEqualTo(family.getKey());
      assertThat(view.get("architecture").get("family").asString()).isEqualTo(family.getKey());

      Path into = Files.createDirectories(unpacked.resolve(family.getKey()));
      Map<String, byte[]> entries =
          unzip(http.getBytes("/api/v1/models/" + thin + "/download").body(), into);
      String serving =
          new String(entries.get("serving.properties"), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(serving)
          .contains("taper.family=" + family.getKey())
          .contains("taper.inputShape=1,28,28");
      JsonNode architecture =
          http.json(
              new String(
                  entries.get(NetworkFiles.ARCHITECTURE_FILE),
                  java.nio.charset.StandardCharsets.UTF_8));
      if (family.getKey().equals("resnet")) {
        assertThat(architecture.get("stages").size()).isEqualTo(2);
        assertThat(architecture.get("stemChannels").asInt()).isEqualTo(4);
      } else {
        assertThat(architecture.get("tokens").asString()).isEqualTo("PATCHES");
        assertThat(architecture.get("patchSize").asInt()).isEqualTo(7);
      }
      double recorded = view.get("metrics").get("testAccuracy").asDouble();
      LabeledData test =
          DatasetPreparer.prepare(TestDatasets.fashionMnistSubset(), 7, 0.1, 500, 200).test();
      try (Network network = NetworkFiles.load(into, Device.cpu())) {
        assertThat(accuracy(network, test))
            .as(family.getKey())
            .isEqualTo(recorded, org.assertj.core.data.Offset.offset(1e-9));
      }
    }
  }

  JsonNode awaitEnd(String id, Duration timeout) throws InterruptedException {
    return http.awaitSettled("/api/v1/experiments/" + id, timeout);
  }

  static String role(Map<String, String> modelByRole, String id) {
    return modelByRole.entrySet().stream()
        .filter(e -> e.getValue().equals(id))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(id);
  }

  /** Test accuracy computed here, independently of the engine's evaluation code. */
  static double accuracy(Network network, LabeledData test) {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      long[] input = network.architecture().inputShape();
      long[] shape = new long[input.length + 1];
      shape[0] = test.size();
      System.arraycopy(input, 0, shape, 1, input.length);
      NDArray x = manager.create(test.features(), new Shape(shape));
      NDArray logits = network.logits(new ParameterStore(manager, false), x, false);
      long[] predicted = logits.argMax(1).toLongArray();
      int correct = 0;
      for (int i = 0; i < predicted.length; i++) {
        if (predicted[i] == test.labels()[i]) {
          correct++;
        }
      }
      return correct / (double) test.size();
    }
  }

  static Map<String, byte[]> unzip(byte[] zip, Path into) throws IOException {
    Map<String, byte[]> entries = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        byte[] bytes = in.readAllBytes();
        entries.put(entry.getName(), bytes);
        Files.write(into.resolve(entry.getName()), bytes);
      }
    }
    return entries;
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
