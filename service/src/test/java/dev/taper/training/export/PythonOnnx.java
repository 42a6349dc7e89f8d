package dev.taper.training.export;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code /usr/bin/python3} with python3-onnx and python3-numpy, for checks from outside
 * Java. Where they are missing the checks are skipped, except under {@code TAPER_CI=true}, where CI
 * installs them and a missing package is a failure.
 */
final class PythonOnnx {

  static final String PYTHON = "/usr/bin/python3";

  private static Boolean available;

  private PythonOnnx() {}

  /** Skips the calling test (or fails it under TAPER_CI=true) when python3-onnx is missing. */
  static void require() {
    if (isAvailable()) {
      return;
    }
    String message =
        PYTHON + " cannot import onnx and numpy (apt-get install python3-onnx python3-numpy)";
    if ("true".equals(System.getenv("TAPER_CI"))) {
      fail(message + ", which CI (TAPER_CI=true) must have");
    }
    Assumptions.abort(message + "; skipped");
  }

  private static synchronized boolean isAvailable() {
    if (available == null) {
      available =
          Files.isExecutable(Path.of(PYTHON))
              && run(List.of(PYTHON, "-c", "import onnx, numpy"), Path.of(".")).exitCode() == 0;
    }
    return available;
  }

  record Result(int exitCode, String output) {}

  /** Runs a Python script with arguments in a working directory; stdout and stderr together. */
  static Result script(Path script, List<String> arguments, Path workingDirectory) {
    List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
    command.addAll(arguments);
    return run(command, workingDirectory);
  }

  private static Result run(List<String> command, Path workingDirectory) {
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(workingDirectory.toFile())
              .redirectErrorStream(true)
              .start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return new Result(-1, "timed out: " + command);
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, e.toString());
    }
  }

  /**
   * A file from this test's resources under {@code export/} (a script, or a module it imports),
   * written at the same relative path under {@code directory}.
   */
  static Path resourceScript(String name, Path directory) {
    try (var in = PythonOnnx.class.getResourceAsStream("/export/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /export/" + name);
      }
      Path script = directory.resolve(name);
      Files.createDirectories(script.getParent());
      Files.write(script, in.readAllBytes());
      return script;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
