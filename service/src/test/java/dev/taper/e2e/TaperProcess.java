package dev.taper.e2e;

import dev.taper.TaperApplication;
import dev.taper.config.ChildJvm;
import dev.taper.dataset.FashionMnist;
import dev.taper.dataset.TestDatasets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Taper as a user runs it, in a child JVM: role {@code all}, the embedded PostgreSQL and the
 * artifacts under its own home, the committed Fashion-MNIST subset registered as {@code
 * fashion-mnist} at start-up, and worker timings short enough for a test.
 */
final class TaperProcess {

  /**
   * Worker settings of every process: quick heartbeats, reclaims and retries; a checkpoint a
   * second.
   */
  static final List<String> QUICK_WORKER =
      List.of(
          "--taper.worker.lease=6s",
          "--taper.worker.heartbeat-interval=500ms",
          "--taper.worker.poll-interval=1s",
          "--taper.worker.checkpoint-interval=1s",
          "--taper.worker.reclaim-interval=1s",
          "--taper.worker.retry-backoff=1s",
          "--taper.worker.max-retry-backoff=2s",
          "--taper.worker.drain-timeout=2s",
          // every SIGKILL costs the running stage an attempt
          "--taper.worker.max-attempts=10");

  final Process process;
  final Path log;
  final Http http;

  private TaperProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.http = new Http(port);
  }

  static TaperProcess start(Path home, String name) throws IOException {
    Path log = Path.of("target", "taper-process-" + name + ".log");
    Files.deleteIfExists(log);
    int port = freePort();
    List<String> arguments = new ArrayList<>();
    arguments.add("--taper.role=all");
    arguments.add("--taper.home=" + home);
    arguments.add("--server.port=" + port);
    arguments.addAll(QUICK_WORKER);
    Process process =
        ChildJvm.start(
            log,
            List.of(
                "-Xmx1g",
                // crash tests start Taper many times on small machines: without C2 a start takes
                // about half as long there, and training runs in libtorch either way
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-D" + FashionMnist.DATA_DIR_PROPERTY + "=" + TestDatasets.subsetDirectory()),
            TaperApplication.class.getName(),
            arguments);
    return new TaperProcess(process, log, port);
  }

  /**
   * Waits until the readiness probe answers UP.
   *
   * @return how long that took
   */
  Duration awaitReady(Duration timeout) throws InterruptedException {
    return awaitReady(process, http, log, timeout);
  }

  /**
   * Waits until the readiness probe of Taper in {@code process}, reached through {@code http},
   * answers UP.
   *
   * @return how long that took
   * @throws AssertionError when the process exits first or {@code timeout} passes
   */
  static Duration awaitReady(Process process, Http http, Path log, Duration timeout)
      throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    while (!ready(http)) {
      if (!process.isAlive()) {
        throw new AssertionError("Taper exited with " + process.exitValue() + "; see " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Taper not ready after " + timeout + "; see " + log);
      }
      // another process's readiness: polling its probe is the only way to observe it
      Thread.sleep(200);
    }
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /** Kills the JVM with SIGKILL, as the OOM killer or {@code kill -9} would. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
    if (process.exitValue() != 137) {
      throw new AssertionError("expected death by SIGKILL, exit " + process.exitValue());
    }
  }

  /** Stops it as a service manager would (SIGTERM), waiting for it to exit. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean ready(Http http) {
    try {
      HttpResponse<String> response = http.get("/actuator/health/readiness");
      return response.statusCode() == 200 && response.body().contains("\"UP\"");
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
