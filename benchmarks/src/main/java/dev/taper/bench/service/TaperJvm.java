package dev.taper.bench.service;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Taper process as an operator runs it: {@code java [options] -jar taper-exec.jar
 * [--properties]}, its output in a log file. The harness kills it with SIGKILL, stops it with
 * SIGTERM, and reads its resident memory from {@code /proc}.
 */
final class TaperJvm {

  private final String name;
  private final Process process;
  private final Path log;
  private final int port;
  private final Instant started;

  private TaperJvm(String name, Process process, Path log, int port, Instant started) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.port = port;
    this.started = started;
  }

  /**
   * Starts {@code jar} with {@code jvmOptions} and {@code properties} ({@code --key=value}), on a
   * free HTTP port.
   */
  static TaperJvm start(
      String name, Path jar, Path logDirectory, List<String> jvmOptions, List<String> properties)
      throws IOException {
    Files.createDirectories(logDirectory);
    Path log = logDirectory.resolve(name + ".log");
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.add("--server.port=" + port);
    command.addAll(properties);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new TaperJvm(name, process, log, port, Instant.now());
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  int port() {
    return port;
  }

  Path log() {
    return log;
  }

  Instant started() {
    return started;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Resident memory in KiB ({@code VmRSS}), or -1 once the process is gone. */
  long rssKib() {
    return Rss.kib(process.pid());
  }

  /** Waits until the readiness probe answers UP. */
  void awaitReady(Duration timeout) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        HttpResponse<String> response = client.send(probe, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + " before it was ready; see " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log);
      }
      // another process's readiness: polling its probe is the only way to observe it
      Thread.sleep(250);
    }
  }

  String baseUrl() {
    return "http://localhost:" + port;
  }

  /** SIGKILL, as the OOM killer or {@code kill -9} would; waits for the process to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM (a graceful stop), then SIGKILL after {@code grace}. */
  void stop(Duration grace) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
