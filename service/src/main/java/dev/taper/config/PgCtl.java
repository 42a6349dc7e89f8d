package dev.taper.config;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL's {@code pg_ctl}, run to stop a server: the copy beside the server's own executable,
 * so it matches the server's version.
 */
final class PgCtl {

  /** PostgreSQL's shutdown modes that do not wait for clients to disconnect. */
  enum Mode {
    /** Ends sessions, then checkpoints: the next start needs no recovery. */
    FAST,
    /** Ends every server process at once: the next start recovers from the WAL, like a crash. */
    IMMEDIATE
  }

  /** How long pg_ctl may take beyond its own {@code -t} before it is killed. */
  private static final Duration GRACE = Duration.ofSeconds(10);

  private final Path executable;

  private PgCtl(Path executable) {
    this.executable = executable;
  }

  /** The pg_ctl beside {@code postgres}, if it is there. */
  static Optional<PgCtl> beside(Path postgres) {
    Path pgCtl = postgres.resolveSibling("pg_ctl");
    return Files.isExecutable(pgCtl) ? Optional.of(new PgCtl(pgCtl)) : Optional.empty();
  }

  /**
   * Stops the server of {@code dataDirectory} and waits until it is down (pg_ctl waits for the
   * server to remove its pid file).
   *
   * @return pg_ctl's output when the server stopped within {@code timeout}
   * @throws IOException when pg_ctl failed or timed out, with its output
   */
  String stop(Path dataDirectory, Mode mode, Duration timeout)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      // as root, the library runs PostgreSQL in a user namespace (it refuses to run as root);
      // pg_ctl refuses too, and runs the same way
      command.addAll(List.of("unshare", "-U"));
    }
    command.addAll(
        List.of(
            executable.toString(),
            "stop",
            "-D",
            dataDirectory.toString(),
            "-m",
            mode.name().toLowerCase(Locale.ROOT),
            "-t",
            Long.toString(Math.max(1, timeout.toSeconds())),
            "-w"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean exited = process.waitFor(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    if (!exited || process.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command)
              + (exited ? " exited with " + process.exitValue() : " did not finish")
              + ": "
              + output);
    }
    return output;
  }
}
