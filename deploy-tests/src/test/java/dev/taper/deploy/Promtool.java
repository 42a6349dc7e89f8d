package dev.taper.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's promtool (Debian: apt-get install prometheus). Tests that need it skip without it,
 * except in CI (TAPER_CI=true), where a missing promtool fails them.
 */
final class Promtool {

  record Result(int exitCode, String output) {}

  private Promtool() {}

  /** The promtool on the PATH; skips the test, or fails it in CI, when there is none. */
  static Path require() {
    Optional<Path> promtool = find();
    if (promtool.isEmpty() && "true".equals(System.getenv("TAPER_CI"))) {
      throw new AssertionError(
          "promtool is not on the PATH but TAPER_CI=true: CI must check the alert rules"
              + " (.ci/run installs the Debian package prometheus)");
    }
    assumeTrue(
        promtool.isPresent(),
        "skipped: promtool is not on the PATH (apt-get install prometheus); CI fails instead");
    return promtool.get();
  }

  static Result run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(require().toString());
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(Repo.root().toFile())
              .redirectErrorStream(true)
              .start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("promtool did not finish in 2 minutes: " + command);
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }

  private static Optional<Path> find() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir).resolve("promtool");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
