package dev.taper.dataset;

import static dev.taper.LockWaits.waitBehind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taper.LockWaits.Ordered;
import dev.taper.experiment.ExperimentService;
import dev.taper.experiment.InvalidSpecException;
import dev.taper.spec.ComputeDevice;
import dev.taper.spec.DefaultSpecs;
import dev.taper.spec.ExperimentSpec;
import dev.taper.storage.ArtifactStore;
import dev.taper.web.DependentExperiments;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * {@code DELETE /api/v1/datasets/{name}} through the running service: an upload is deleted with its
 * files and its name is free again; an unknown name is a 404; a built-in dataset, and one an
 * experiment names, are kept with a 409 that says why.
 */
class DatasetDeletionTest extends DatasetServiceTest {

  /** 100 rows of 3 features and 3 classes; the last 10 are held out as the test split. */
  private static final String CSV = csv();

  /** The deletion's locking read of the dataset's row. */
  private static final String DELETION_LOCK = "%from dataset where name = % for update%";

  @LocalServerPort int port;
  @Autowired DatasetRegistry registry;
  @Autowired ArtifactStore store;
  @Autowired ExperimentService experiments;
  @Autowired TransactionTemplate transactions;
  @Autowired JdbcClient jdbc;
  ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
  }

  @Test
  void anUploadIsDeletedWithItsFilesAndItsNameCanBeUploadedAgain() {
    String name = uniqueName("wrong-files");
    assertThat(upload(name).statusCode()).isEqualTo(201);
    String key = artifactKey(name);
    assertThat(store.exists(key)).isTrue();
    assertThat(storedFolder(key)).isDirectory();

    HttpResponse<String> deleted = api.delete("/api/v1/datasets/" + name);

    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    HttpResponse<String> gone = api.get("/api/v1/datasets/" + name);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(api.json(gone).get("detail").asString())
        .isEqualTo("parameter name: no dataset named '" + name + "' is registered");
    assertThat(store.exists(key)).isFalse();
    assertThat(storedFolder(key)).doesNotExist();

    HttpResponse<String> again = upload(name);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
    assertThat(api.get("/api/v1/datasets/" + name).statusCode()).isEqualTo(200);
    assertThat(artifactKey(name)).isNotEqualTo(key);
  }

  @Test
  void anUnknownNameIsA404NamingIt() {
    HttpResponse<String> absent = api.delete("/api/v1/datasets/no-such-data");

    assertThat(absent.statusCode()).isEqualTo(404);
    assertThat(absent.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = api.json(absent);
    assertThat(problem.get("type").asString()).isEqualTo("https://taper.dev/problems/not-found");
    assertThat(problem.get("title").asString()).isEqualTo("Dataset not found");
    assertThat(problem.get("errors").get(0).get("parameter").asString()).isEqualTo("name");
    assertThat(problem.get("detail").asString())
        .isEqualTo("parameter name: no dataset named 'no-such-data' is registered");
  }

  @Test
  void aBuiltinDatasetIsKeptWithA409SayingItIsBuiltIn() {
    String before = api.get("/api/v1/datasets/fashion-mnist-mini").body();

    HttpResponse<String> refused = api.delete("/api/v1/datasets/fashion-mnist-mini");
    HttpResponse<String> unregistered = api.delete("/api/v1/datasets/fashion-mnist");

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = api.json(refused);
    assertThat(problem.get("type").asString())
        .isEqualTo("https://taper.dev/problems/dataset-builtin");
    assertThat(problem.get("errors").get(0).get("parameter").asString()).isEqualTo("name");
    assertThat(problem.get("detail").asString())
        .isEqualTo(
            "parameter name: 'fashion-mnist-mini' is a built-in dataset: it is registered from"
                + " files on the machine, not uploaded, and cannot be deleted");
    assertThat(api.get("/api/v1/datasets/fashion-mnist-mini").body()).isEqualTo(before);
    assertThat(home().resolve("datasets/fashion-mnist-mini/train-images-idx3-ubyte.gz"))
        .isRegularFile();
    assertThat(unregistered.statusCode()).as(unregistered.body()).isEqualTo(409);
    assertThat(api.json(unregistered).get("type").asString()).endsWith("/dataset-builtin");
  }

  @Test
  void aDatasetAnExperimentNamesIsKeptWithA409NamingTheExperiment() {
    String name = uniqueName("in-use");
    assertThat(upload(name).statusCode()).isEqualTo(201);
    String key = artifactKey(name);
    String experiment = submitNaming(name);

    HttpResponse<String> refused = api.delete("/api/v1/datasets/" + name);

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = api.json(refused);
    assertThat(problem.get("type").asString())
        .isEqualTo("https://taper.dev/problems/dataset-in-use");
    assertThat(problem.get("errors").get(0).get("parameter").asString()).isEqualTo("name");
    assertThat(problem.get("detail").asString())
        .contains("dataset '" + name + "' is named by 1 experiment (" + experiment + ")");
    assertThat(problem.get("experimentCount").asLong()).isEqualTo(1);
    assertThat(problem.get("experimentIds").valueStream().map(JsonNode::asString))
        .containsExactly(experiment);
    assertThat(api.get("/api/v1/datasets/" + name).statusCode()).isEqualTo(200);
    assertThat(artifactKey(name)).isEqualTo(key);
    assertThat(store.exists(key)).isTrue();
    assertThat(storedFolder(key)).isDirectory();
  }

  @Test
  void aSubmissionWhoseUploadWasDeletedAfterItsValidationIsRefusedNamingTheDataset() {
    String name = uniqueName("deleted-meanwhile");
    assertThat(upload(name).statusCode()).isEqualTo(201);
    ExperimentSpec validated = specNaming(name);
    assertThat(api.delete("/api/v1/datasets/" + name).statusCode()).isEqualTo(204);

    assertThatThrownBy(() -> experiments.submit(validated, null))
        .isInstanceOfSatisfying(
            InvalidSpecException.class,
            refused ->
                assertThat(refused.errors())
                    .singleElement()
                    .satisfies(error -> assertThat(error.field()).isEqualTo("dataset")));
    assertThat(experimentsNaming(name)).isZero();
  }

  @Test
  void aDeletionWaitsForASubmissionHoldingTheDatasetAndThenFindsItsExperiment() throws Exception {
    String name = uniqueName("held");
    assertThat(upload(name).statusCode()).isEqualTo(201);
    Ordered<UUID> ordered =
        waitBehind(
            jdbc,
            transactions,
            () -> registry.holdForExperiment(name),
            () -> experiments.submit(specNaming(name), null).experiment().id(),
            () -> api.delete("/api/v1/datasets/" + name),
            DELETION_LOCK,
            "the deletion waits on the dataset's row lock the submission holds");

    HttpResponse<String> refused = ordered.waiter();
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(api.json(refused).get("type").asString()).endsWith("/dataset-in-use");
    assertThat(refused.body()).contains(ordered.holder().toString());
    // it waits for a GPU worker there is none of: cancelled, it keeps no job queued
    HttpResponse<String> cancelled =
        api.postJson("/api/v1/experiments/" + ordered.holder() + "/cancel", "");
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(202);
  }

  /** The newest five experiments are named, and how many more there are. */
  @Test
  void aDatasetManyExperimentsNameIsRefusedNamingTheNewestFive() {
    List<UUID> newest =
        Stream.generate(UUID::randomUUID).limit(DependentExperiments.NAMED).toList();

    String detail =
        DatasetConflicts.inUse("digits", new DependentExperiments(7, newest)).getBody().getDetail();

    assertThat(detail)
        .isEqualTo(
            "parameter name: dataset 'digits' is named by 7 experiments ("
                + String.join(", ", newest.stream().map(UUID::toString).toList())
                + " and 2 more); a dataset an experiment names is kept with it: upload the new"
                + " files under another name");
  }

  private HttpResponse<String> upload(String name) {
    MultipartBody body =
        new MultipartBody()
            .field("name", name)
            .field("format", "csv")
            .file("train", "train.csv", CSV.getBytes(StandardCharsets.UTF_8));
    return api.post("/api/v1/datasets", body.contentType(), body.bytes());
  }

  /**
   * Submits an experiment on the dataset that waits for a GPU worker (there is none), so no stage
   * runs, and cancels it: a cancelled experiment still names its dataset.
   */
  private String submitNaming(String dataset) {
    HttpResponse<String> created =
        api.postJson(
            "/api/v1/experiments",
            """
            {"name": "holds-its-dataset", "dataset": "%s", "model": {"depth": 1, "width": 8},
             "widenFactor": 2, "device": "gpu", "wide": {"epochs": 1, "batchSize": 8},
             "imitate": {"stepsPerLayer": 1, "batchSize": 8},
             "finetune": {"epochs": 1, "batchSize": 8}, "baselines": []}
            """
                .formatted(dataset));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = api.json(created).get("id").asString();
    HttpResponse<String> cancelled = api.postJson("/api/v1/experiments/" + id + "/cancel", "");
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(202);
    return id;
  }

  /** On a GPU, which no worker here has: nothing runs it. */
  private static ExperimentSpec specNaming(String dataset) {
    return DefaultSpecs.withoutBaselines(dataset, 1L, ComputeDevice.GPU);
  }

  private long experimentsNaming(String dataset) {
    return jdbc.sql("select count(*) from experiment where spec ->> 'dataset' = :dataset")
        .param("dataset", dataset)
        .query(Long.class)
        .single();
  }

  private String artifactKey(String name) {
    String uri = registry.find(name).orElseThrow().uri();
    assertThat(uri).startsWith(DatasetRegistry.ARTIFACT);
    return uri.substring(DatasetRegistry.ARTIFACT.length());
  }

  private static Path storedFolder(String key) {
    return home().resolve("artifacts").resolve(key);
  }

  private static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String csv() {
    StringBuilder csv = new StringBuilder("label,a,b,c\n");
    for (int i = 0; i < 100; i++) {
      csv.append(i % 3).append(',').append(i).append(',').append(i * 0.5).append(",1\n");
    }
    return csv.toString();
  }
}
