package dev.taper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The embedded PostgreSQL in this JVM: durable settings, one server per home, and the pid files a
 * crash can leave that name no server of the directory.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedPostgresServerTest {

  @TempDir Path home;

  @Test
  void commitsAreFlushedToDisk() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(home);
        Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
      assertThat(setting(connection, "fsync")).isEqualTo("on");
      assertThat(setting(connection, "synchronous_commit")).isEqualTo("on");
    }
  }

  @Test
  void aSecondServerOnTheSameHomeIsRefusedAndTheFirstKeepsServing() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(home)) {
      assertThatThrownBy(() -> EmbeddedPostgresServer.start(home))
          .isInstanceOf(TaperHomeInUseException.class)
          .hasMessageContaining("TAPER_HOME " + home + " is in use by another Taper process")
          .hasMessageContaining("(pid " + ProcessHandle.current().pid() + ")");
      try (Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
        assertThat(connection.isValid(5)).isTrue();
      }
    }
    // released on close: the home can be used again
    EmbeddedPostgresServer.start(home).close();
  }

  @Test
  void aPidFileWhosePidNowBelongsToAnUnrelatedProcessIsRemoved(CapturedOutput output)
      throws Exception {
    List<String> lines = pidFileOfAStoppedServer();
    Process sleep = new ProcessBuilder("sleep", "300").start();
    try {
      lines.set(0, Long.toString(sleep.pid()));
      Files.write(pidFile(), lines);

      try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(home);
          Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
        assertThat(connection.isValid(5)).isTrue();
        assertThat(Files.readAllLines(pidFile()).get(0)).isNotEqualTo(lines.get(0));
      }
      assertThat(output)
          .contains(
              "removed a stale postmaster.pid from "
                  + home.resolve("postgres")
                  + ": its pid "
                  + sleep.pid()
                  + " now belongs to another process (");
      assertThat(sleep.isAlive()).as("the unrelated process is left alone").isTrue();
    } finally {
      sleep.destroyForcibly().waitFor();
    }
  }

  @Test
  void anEmptyPidFileFromAStartCutShortIsRemoved(CapturedOutput output) throws Exception {
    pidFileOfAStoppedServer();
    // PostgreSQL itself refuses to start on an empty pid file ("lock file is empty")
    Files.write(pidFile(), new byte[0]);

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(home);
        Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
      assertThat(connection.isValid(5)).isTrue();
    }
    assertThat(output)
        .contains("removed an unreadable postmaster.pid from " + home.resolve("postgres"));
  }

  /** Starts and stops a server, and returns the pid file it had while it ran. */
  private List<String> pidFileOfAStoppedServer() throws Exception {
    List<String> lines;
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(home)) {
      lines = new ArrayList<>(Files.readAllLines(pidFile()));
    }
    assertThat(pidFile()).doesNotExist();
    return lines;
  }

  private Path pidFile() {
    return home.resolve("postgres").resolve(PostmasterPidFile.NAME);
  }

  static String setting(Connection connection, String name) throws SQLException {
    try (var statement = connection.createStatement();
        var result = statement.executeQuery("show " + name)) {
      result.next();
      return result.getString(1);
    }
  }
}
