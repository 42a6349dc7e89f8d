package dev.taper.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Taper as a user starts it ({@code java -jar service/target/taper-exec.jar}, role {@code all}, the
 * embedded PostgreSQL under its own home), in a child process, with the settings the deployments
 * give it (the HTTP latency buckets), and one tiny experiment run to the end on the built-in
 * offline dataset so every meter has seen its first event.
 */
final class LaunchedTaper implements AutoCloseable {

  static final Path JAR = Repo.path("service/target/taper-exec.jar");

  private static final String SPEC =
      """
      {"name": "metrics-check", "dataset": "fashion-mnist-mini",
       "model": {"depth": 2, "width": 8}, "widenFactor": 2,
       "wide": {"epochs": 1}, "imitate": {"stepsPerLayer": 5}, "finetune": {"epochs": 1},
       "baselines": ["scratch"]}
      """;

  private final Process process;
  private final HttpClient http = HttpClient.newHttpClient();
  final String url;

  private LaunchedTaper(Process process, int port) {
    this.process = process;
    this.url = "http://localhost:" + port;
  }

  static LaunchedTaper start() throws IOException {
    Path home = Files.createTempDirectory("taper-metrics-check");
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1",
                "-jar",
                JAR.toString(),
                "--taper.home=" + home,
                "--server.port=" + port));
    builder
        .environment()
        .put(ServiceContract.HTTP_LATENCY_BUCKETS_ENV, ServiceContract.HTTP_LATENCY_BUCKETS);
    builder.redirectErrorStream(true);
    builder.redirectOutput(Path.of("target", "launched-taper.log").toFile());
    return new LaunchedTaper(builder.start(), port);
  }

  /** Waits for readiness, submits the experiment and waits for it to succeed. */
  void runOneExperiment(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready()) {
      awaitUntil(deadline, "Taper to become ready (see target/launched-taper.log)");
    }
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/api/v1/experiments"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SPEC))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException("submission refused: " + created.body());
    }
    String location = created.headers().firstValue("Location").orElseThrow();
    while (!get(location).contains("\"status\":\"SUCCEEDED\"")) {
      awaitUntil(deadline, "the experiment to succeed: " + get(location));
    }
  }

  String get(String path) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(url + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private boolean ready() throws InterruptedException {
    if (!process.isAlive()) {
      throw new IllegalStateException("Taper exited (see target/launched-taper.log)");
    }
    try {
      return get(ServiceContract.READINESS).contains("UP");
    } catch (IOException notListeningYet) {
      return false;
    }
  }

  /** Another process's state is polled over HTTP: there is nothing in this JVM to wait on. */
  private static void awaitUntil(long deadline, String what) throws InterruptedException {
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException("gave up waiting for " + what);
    }
    Thread.sleep(500);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
