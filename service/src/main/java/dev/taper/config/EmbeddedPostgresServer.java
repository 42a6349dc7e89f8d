package dev.taper.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Taper's own PostgreSQL, a real server binary from Maven Central, with its data in {@code
 * TAPER_HOME/postgres}. Starting it takes the home's {@link EmbeddedPostgresLock}, clears what a
 * crashed predecessor left on the directory ({@link LeftoverServer}), then starts a server with
 * durable settings; closing it stops the server, then releases the lock.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

  static final String DATA_DIRECTORY = "postgres";

  /** A start that recovers from a crash on a busy machine may take longer than the default 10 s. */
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  private final EmbeddedPostgresLock lock;
  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private EmbeddedPostgresServer(
      EmbeddedPostgresLock lock, EmbeddedPostgres postgres, Path dataDirectory) {
    this.lock = lock;
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Starts the server of {@code home}.
   *
   * @throws TaperHomeInUseException when another process runs it
   */
  static EmbeddedPostgresServer start(Path home) throws IOException {
    EmbeddedPostgresLock lock = EmbeddedPostgresLock.acquire(home);
    try {
      Path dataDirectory = home.resolve(DATA_DIRECTORY);
      LeftoverServer.clear(dataDirectory);
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setPGStartupWait(STARTUP_WAIT)
              // the library's defaults suit throw-away test databases: it passes -F (fsync off)
              // and turns synchronous_commit off; a later -c wins over -F, and commits must
              // survive a crash of the process and of the machine
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("max_connections", "100")
              // Spring closes the server after the worker has drained; the library's own hook
              // would stop it at the same time as Spring's, under the draining worker
              .setRegisterShutdownHook(false)
              .start();
      return new EmbeddedPostgresServer(lock, postgres, dataDirectory);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      lock.close();
      throw new InterruptedIOException("interrupted while freeing " + home.resolve(DATA_DIRECTORY));
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  int port() {
    return postgres.getPort();
  }

  Path dataDirectory() {
    return dataDirectory;
  }

  /** The URL of database {@code postgres} as user {@code postgres} (trusted, no password). */
  String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  @Override
  public void close() throws IOException {
    try (lock) {
      postgres.close();
    }
  }
}
