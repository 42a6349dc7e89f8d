package dev.taper.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One PostgreSQL server for every test class in the JVM, started on first use: the embedded server
 * (a real PostgreSQL binary) by default, or a Testcontainers container when {@code
 * TAPER_TEST_DB=testcontainers} and Docker is available. Each kind of Spring context gets its own
 * database on that server, so a context whose worker runs cannot claim another test's jobs.
 */
public final class TestDatabase {

  /** The database of the API-role contexts most tests share. */
  public static final String SHARED = "taper";

  private static final Map<String, Connection> DATABASES = new ConcurrentHashMap<>();

  private TestDatabase() {}

  /** Connection settings of one database. */
  public record Connection(String url, String username, String password) {}

  /** The database {@code name} on the shared server, created on first use. */
  public static Connection connection(String name) {
    return DATABASES.computeIfAbsent(name, TestDatabase::create);
  }

  /** A folder for artifacts and the like, shared by the JVM's Spring contexts. */
  public static Path home() {
    return Holder.HOME;
  }

  /** Points a Spring context at database {@code name}, with built-in datasets left out. */
  public static void register(DynamicPropertyRegistry registry, String name) {
    Connection c = connection(name);
    registry.add("spring.datasource.url", c::url);
    registry.add("spring.datasource.username", c::username);
    registry.add("spring.datasource.password", c::password);
    registry.add("taper.home", () -> home().resolve(name).toString());
    registry.add("taper.datasets.register-builtin", () -> "false");
  }

  private static Connection create(String name) {
    Connection server = Holder.SERVER;
    try (var connection =
            DriverManager.getConnection(server.url(), server.username(), server.password());
        var statement = connection.createStatement()) {
      statement.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    String url = server.url().replaceFirst("/postgres(\\?|$)", "/" + name + "$1");
    return new Connection(url, server.username(), server.password());
  }

  private static final class Holder {
    static final Path HOME = createHome();
    static final Connection SERVER = start();

    private static Path createHome() {
      try {
        return Files.createTempDirectory("taper-test-home");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static Connection start() {
      if ("testcontainers".equalsIgnoreCase(System.getenv("TAPER_TEST_DB"))) {
        if (TestcontainersDatabase.dockerAvailable()) {
          return TestcontainersDatabase.start();
        }
        System.err.println("TAPER_TEST_DB=testcontainers but Docker is not available: embedded");
      }
      try {
        EmbeddedPostgres postgres =
            EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
        return new Connection(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
      }
    }
  }
}
