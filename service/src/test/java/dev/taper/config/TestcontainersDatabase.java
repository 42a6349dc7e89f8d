package dev.taper.config;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The Docker path of {@link TestDatabase}: kept apart so nothing touches Docker without it. */
final class TestcontainersDatabase {

  private TestcontainersDatabase() {}

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A container whose maintenance database is named postgres, like the embedded server's. */
  @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
  static TestDatabase.Connection start() {
    PostgreSQLContainer container =
        new PostgreSQLContainer("postgres:16-alpine").withDatabaseName("postgres");
    container.start();
    return new TestDatabase.Connection(
        container.getJdbcUrl(), container.getUsername(), container.getPassword());
  }
}
