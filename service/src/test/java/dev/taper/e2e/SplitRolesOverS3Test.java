package dev.taper.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.taper.TaperApplication;
import dev.taper.config.ChildJvm;
import dev.taper.config.TestDatabase;
import dev.taper.dataset.TestDatasets;
import dev.taper.storage.Manifest;
import dev.taper.storage.S3ProxyServer;
import dev.taper.training.family.Network;
import dev.taper.training.family.NetworkFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;

/**
 * Taper as a cluster runs it: an {@code api} JVM and a {@code worker} JVM, each with a home of its
 * own, that share nothing but PostgreSQL and an S3 bucket (S3Proxy), configured through the
 * deployment's variables ({@code TAPER_STORE=s3}, {@code TAPER_S3_*}, {@code AWS_*}). A dataset
 * uploaded to the api is trained on by the worker, the worker's models are downloaded from the api,
 * and nothing of either lands on a local disk the other could have read.
 */
class SplitRolesOverS3Test {

  static final String DATABASE = "taper_split_s3";

  static final String SPEC =
      """
      {"name": "split-s3", "dataset": "s3-upload",
       "model": {"family": "mlp", "depth": 2, "width": 16}, "widenFactor": 4, "seed": 7,
       "device": "cpu",
       "wide": {"epochs": 2, "batchSize": 64},
       "imitate": {"stepsPerLayer": 15, "batchSize": 64},
       "finetune": {"epochs": 1, "batchSize": 64},
       "baselines": [], "limits": {"trainExamples": 500, "testExamples": 200}}
      """;

  final S3ProxyServer s3 = S3ProxyServer.shared();
  final String prefix = "split-" + UUID.randomUUID();
  final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopProcesses() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void anApiAndAWorkerSharingOnlyPostgresAndS3RunAnExperimentAndServeItsThinModel(
      @TempDir Path temp) throws Exception {
    Path apiHome = Files.createDirectories(temp.resolve("api-home"));
    Path workerHome = Files.createDirectories(temp.resolve("worker-home"));
    int apiPort = freePort();
    Http http = new Http(apiPort);
    Process api = start("api", apiHome, apiPort, true, List.of());
    TaperProcess.awaitReady(api, http, log("api"), Duration.ofMinutes(3));
    // after the api, whose start applied the migrations, as the chart's migration Job would
    start("worker", workerHome, freePort(), false, TaperProcess.QUICK_WORKER);

    HttpResponse<String> uploaded =
        http.send(
            new Multipart()
                .field("name", "s3-upload")
                .field("format", "idx")
                .file("trainImages", "train-images.gz", subsetFile("train-images-idx3-ubyte.gz"))
                .file("trainLabels", "train-labels.gz", subsetFile("train-labels-idx1-ubyte.gz"))
                .request(http.base() + "/api/v1/datasets"));
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
    HttpResponse<String> created = http.post("/api/v1/experiments", SPEC);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String experimentId = http.json(created).get("id").asString();

    JsonNode experiment = awaitEnd(http, experimentId, Duration.ofMinutes(6));
    assertThat(experiment.get("status").asString())
        .as(experiment + "; see " + log("worker"))
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

    HttpResponse<byte[]> download = http.getBytes("/api/v1/models/" + thin + "/download");
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.headers().firstValue("ETag"))
        .hasValue("\"" + EndToEndTest.sha256(download.body()) + "\"");
    Path unpacked = Files.createDirectories(temp.resolve("thin"));
    Map<String, byte[]> entries = EndToEndTest.unzip(download.body(), unpacked);
    String recordedSha256 = http.json(http.get("/api/v1/models/" + thin)).get("sha256").asString();
    assertThat(EndToEndTest.sha256(entries.get(NetworkFiles.PARAMETERS_FILE)))
        .as("the parameters the worker stored, byte for byte")
        .isEqualTo(recordedSha256);
    try (Network network = NetworkFiles.load(unpacked, Device.cpu())) {
      assertThat(network.architecture().family()).isEqualTo("mlp");
    }

    List<String> keys = bucketKeys();
    assertThat(keys)
        .as("the dataset and every model published in the bucket")
        .anyMatch(k -> k.matches("datasets/s3-upload-[^/]+/" + Manifest.FILE_NAME))
        .contains("models/" + thin + "/" + Manifest.FILE_NAME)
        .filteredOn(k -> k.startsWith("models/") && k.endsWith(Manifest.FILE_NAME))
        .hasSize(3);
    assertThat(keys)
        .as("checkpoints were written there and removed once each stage succeeded")
        .noneMatch(k -> k.startsWith("checkpoints/"));
    assertThat(Files.readString(log("worker")))
        .as("the WIDE stage checkpointed (at least at its first epoch's end)")
        .contains(
            "stage job "
                + jobId(experiment, "WIDE")
                + " checkpoints to checkpoints/job-"
                + jobId(experiment, "WIDE")
                + ".ckpt");
    assertThat(checkpointOf(experimentId, "WIDE"))
        .as("and the job no longer names it, deleted")
        .isNull();
    assertThat(apiHome.resolve("artifacts")).doesNotExist();
    assertThat(workerHome.resolve("artifacts")).doesNotExist();
  }

  /** Starts Taper in {@code role}, configured as a deployment would be. */
  Process start(String role, Path home, int port, boolean migrate, List<String> arguments)
      throws IOException {
    TestDatabase.Connection db = TestDatabase.connection(DATABASE);
    Map<String, String> environment =
        Map.ofEntries(
            Map.entry("TAPER_ROLE", role),
            Map.entry("TAPER_HOME", home.toString()),
            Map.entry("SERVER_PORT", String.valueOf(port)),
            Map.entry("SPRING_DATASOURCE_URL", db.url()),
            Map.entry("SPRING_DATASOURCE_USERNAME", db.username()),
            Map.entry("SPRING_DATASOURCE_PASSWORD", db.password()),
            Map.entry("SPRING_FLYWAY_ENABLED", String.valueOf(migrate)),
            Map.entry("TAPER_STORE", "s3"),
            Map.entry("TAPER_S3_BUCKET", S3ProxyServer.BUCKET),
            Map.entry("TAPER_S3_PREFIX", prefix),
            Map.entry("TAPER_S3_ENDPOINT", s3.endpoint().toString()),
            Map.entry("TAPER_S3_REGION", S3ProxyServer.REGION),
            Map.entry("TAPER_S3_PATH_STYLE", "true"),
            Map.entry("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY),
            Map.entry("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY));
    List<String> options = List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    List<String> all = new ArrayList<>(List.of("--taper.datasets.register-builtin=false"));
    all.addAll(arguments);
    Path log = log(role);
    Files.deleteIfExists(log);
    Process process =
        ChildJvm.start(log, options, environment, TaperApplication.class.getName(), all);
    processes.add(process);
    return process;
  }

  JsonNode awaitEnd(Http http, String id, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode experiment;
    do {
      for (Process process : processes) {
        if (!process.isAlive()) {
          throw new AssertionError(
              "a Taper JVM exited with " + process.exitValue() + "; see target/split-roles-*.log");
        }
      }
      // polls the public API the way a user would, bounded by the deadline
      Thread.sleep(500);
      experiment = http.json(http.get("/api/v1/experiments/" + id));
      String status = experiment.get("status").asString();
      if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
        return experiment;
      }
    } while (System.nanoTime() < deadline);
    return experiment;
  }

  /** Every key under this test's prefix, without it. */
  List<String> bucketKeys() {
    try (S3Client raw = s3.rawClient()) {
      return raw
          .listObjectsV2Paginator(b -> b.bucket(S3ProxyServer.BUCKET).prefix(prefix + "/"))
          .contents()
          .stream()
          .map(S3Object::key)
          .map(k -> k.substring(prefix.length() + 1))
          .toList();
    }
  }

  /** Where the experiment's stage of {@code kind} recorded its checkpoint; null for nowhere. */
  static String checkpointOf(String experimentId, String kind) throws SQLException {
    TestDatabase.Connection db = TestDatabase.connection(DATABASE);
    try (var connection = DriverManager.getConnection(db.url(), db.username(), db.password());
        var statement =
            connection.prepareStatement(
                "select checkpoint_uri from stage_job where experiment_id = ? and kind = ?")) {
      statement.setObject(1, UUID.fromString(experimentId));
      statement.setString(2, kind);
      try (var result = statement.executeQuery()) {
        assertThat(result.next()).as("a " + kind + " stage").isTrue();
        return result.getString(1);
      }
    }
  }

  static long jobId(JsonNode experiment, String kind) {
    return experiment
        .get("stages")
        .valueStream()
        .filter(s -> s.get("kind").asString().equals(kind))
        .findFirst()
        .orElseThrow()
        .get("id")
        .asLong();
  }

  static byte[] subsetFile(String name) throws IOException {
    return Files.readAllBytes(TestDatasets.subsetDirectory().resolve(name));
  }

  static Path log(String role) {
    return Path.of("target", "split-roles-" + role + ".log");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
