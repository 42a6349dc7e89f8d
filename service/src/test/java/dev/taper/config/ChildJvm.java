package dev.taper.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A second JVM on this test run's class path, its output in a log file: the process crash tests
 * kill with {@link Process#destroyForcibly()} (SIGKILL on Linux).
 */
public final class ChildJvm {

  private ChildJvm() {}

  /** Starts {@code mainClass} with {@code arguments}, its output appended to {@code log}. */
  public static Process start(
      Path log, List<String> jvmOptions, String mainClass, List<String> arguments)
      throws IOException {
    return start(log, jvmOptions, Map.of(), mainClass, arguments);
  }

  /**
   * Starts {@code mainClass} as above, with {@code environment} added to this JVM's: how a
   * deployment configures Taper.
   */
  public static Process start(
      Path log,
      List<String> jvmOptions,
      Map<String, String> environment,
      String mainClass,
      List<String> arguments)
      throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dai.djl.offline=true");
    // as in this JVM (surefire): one libtorch thread beside other work
    command.add(
        "-Dai.djl.pytorch.num_threads=" + System.getProperty("ai.djl.pytorch.num_threads", "1"));
    command.add(
        "-Dai.djl.pytorch.num_interop_threads="
            + System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(arguments);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    return builder.start();
  }

  /**
   * Waits for a line of {@code log} that contains {@code marker}.
   *
   * @return the first such line
   * @throws AssertionError when the process exits first or {@code timeout} passes
   */
  public static String awaitLine(Process process, Path log, String marker, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<String> line = lineWith(log, marker);
      if (line.isPresent()) {
        return line.get();
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            "process exited with "
                + process.exitValue()
                + " before logging '"
                + marker
                + "'; see "
                + log);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no '" + marker + "' in " + log + " after " + timeout);
      }
      // another process's log: polling it is the only way to observe it
      Thread.sleep(100);
    }
  }

  /** The first line of {@code log} that contains {@code marker}. */
  public static Optional<String> lineWith(Path log, String marker) throws IOException {
    if (!Files.exists(log)) {
      return Optional.empty();
    }
    try (var lines = Files.lines(log)) {
      return lines.filter(l -> l.contains(marker)).findFirst();
    }
  }
}
