package dev.taper.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees a data directory for a new server. A process killed with SIGKILL (or by the OOM killer)
 * leaves its PostgreSQL running, because pg_ctl starts the server outside the JVM's process tree; a
 * machine that lost power leaves a {@code postmaster.pid} naming a process that is gone, or whose
 * id now belongs to something else. Either blocks the next start.
 *
 * <p>Only for a caller holding the {@link EmbeddedPostgresLock}: then no live Taper uses the
 * directory, and a server found on it was left by one that died. Such a server is stopped, not
 * adopted: it runs with the settings, port and binaries of the process that started it (perhaps an
 * older Taper that ran with fsync off), while the server started next has this version's settings
 * and a port checked free just before.
 */
final class LeftoverServer {

  private static final Logger log = LoggerFactory.getLogger(LeftoverServer.class);

  /** A fast shutdown checkpoints the shared buffers: seconds on a slow disk, not minutes. */
  static final Duration FAST_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  static final Duration IMMEDIATE_SHUTDOWN_TIMEOUT = Duration.ofSeconds(15);

  /** pg_ctl returns once the pid file is gone, the server's last act before it exits. */
  static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

  private LeftoverServer() {}

  /** Stops the server left running on {@code dataDirectory}, or removes its stale pid file. */
  static void clear(Path dataDirectory) throws IOException, InterruptedException {
    clear(dataDirectory, FAST_SHUTDOWN_TIMEOUT);
  }

  /** {@link #clear(Path)}, giving a fast shutdown {@code fastShutdownTimeout} before escalating. */
  static void clear(Path dataDirectory, Duration fastShutdownTimeout)
      throws IOException, InterruptedException {
    Optional<PostmasterPidFile> found = PostmasterPidFile.in(dataDirectory);
    if (found.isEmpty()) {
      return;
    }
    PostmasterPidFile pidFile = found.get();
    OptionalLong pid = pidFile.pid();
    if (pid.isEmpty()) {
      pidFile.delete();
      log.info(
          "removed an unreadable postmaster.pid from {} (a server start was cut short)",
          dataDirectory);
      return;
    }
    Optional<LiveProcess> process = LiveProcess.of(pid.getAsLong());
    if (process.isEmpty()) {
      pidFile.delete();
      log.info(
          "removed a stale postmaster.pid of dead pid {} from {}", pid.getAsLong(), dataDirectory);
    } else if (!process.get().isPostgresServerOf(dataDirectory)) {
      pidFile.delete();
      log.info(
          "removed a stale postmaster.pid from {}: its pid {} now belongs to another process ({})",
          dataDirectory,
          pid.getAsLong(),
          process.get().commandLine());
    } else {
      stop(process.get(), dataDirectory, fastShutdownTimeout);
    }
  }

  private static void stop(LiveProcess server, Path dataDirectory, Duration fastShutdownTimeout)
      throws IOException, InterruptedException {
    log.info(
        "found a PostgreSQL server (pid {}) left running on {} by a previous process; stopping it",
        server.pid(),
        dataDirectory);
    long started = System.nanoTime();
    PgCtl pgCtl =
        server
            .executable()
            .flatMap(PgCtl::beside)
            .orElseThrow(
                () ->
                    new IOException(
                        cannotStop(server, dataDirectory)
                            + ": no pg_ctl beside its executable "
                            + server.executable().map(Path::toString).orElse("(unknown)")));
    try {
      pgCtl.stop(dataDirectory, PgCtl.Mode.FAST, fastShutdownTimeout);
    } catch (IOException fastFailed) {
      log.warn(
          "fast shutdown of the PostgreSQL server (pid {}) failed ({}); shutting it down"
              + " immediately (the next start recovers from the write-ahead log)",
          server.pid(),
          fastFailed.getMessage());
      try {
        pgCtl.stop(dataDirectory, PgCtl.Mode.IMMEDIATE, IMMEDIATE_SHUTDOWN_TIMEOUT);
      } catch (IOException immediateFailed) {
        immediateFailed.addSuppressed(fastFailed);
        throw new IOException(cannotStop(server, dataDirectory), immediateFailed);
      }
    }
    awaitExit(server, dataDirectory);
    log.info(
        "stopped the PostgreSQL server (pid {}) left running on {} in {} ms",
        server.pid(),
        dataDirectory,
        Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  private static void awaitExit(LiveProcess server, Path dataDirectory)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
    while (server.isRunning()) {
      if (System.nanoTime() > deadline) {
        throw new IOException(
            cannotStop(server, dataDirectory)
                + ": its pid file is gone but the process still runs after "
                + EXIT_TIMEOUT.toSeconds()
                + " s");
      }
      // another process's exit can only be polled (onExit() takes a zombie for alive)
      Thread.sleep(50);
    }
  }

  private static String cannotStop(LiveProcess server, Path dataDirectory) {
    return "cannot stop the PostgreSQL server (pid "
        + server.pid()
        + ") left running on "
        + dataDirectory
        + "; stop it (kill -INT "
        + server.pid()
        + ") and start Taper again";
  }
}
