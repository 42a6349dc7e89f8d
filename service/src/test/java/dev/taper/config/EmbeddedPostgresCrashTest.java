package dev.taper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A JVM running the embedded PostgreSQL is killed with SIGKILL, as the OOM killer or {@code kill
 * -9} would; the next start on the same home must come up, with the data committed before.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedPostgresCrashTest {

  @TempDir Path home;

  final List<Process> holders = new ArrayList<>();

  @AfterEach
  void stopWhatIsLeft() throws Exception {
    for (Process holder : holders) {
      holder.destroyForcibly().waitFor();
    }
    // a failed test must not leave a server running on a deleted directory
    LeftoverServer.clear(dataDirectory());
  }

  @Test
  void aServerLeftRunningByAKilledJvmIsStoppedAndTheNextStartComesUp(CapturedOutput output)
      throws Exception {
    int port = startHolder("killed");
    commitARow(port);
    long leftover = serverPid();
    kill(holders.get(0));
    assertThat(ProcessHandle.of(leftover).map(ProcessHandle::isAlive))
        .as("pg_ctl started the server outside the killed JVM's process tree: it still runs")
        .hasValue(true);

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(home)) {
      assertThat(LiveProcess.of(leftover)).as("the leftover server was stopped").isEmpty();
      assertThat(serverPid()).isNotEqualTo(leftover);
      assertThat(committedRows(server.port())).containsExactly(42);
    }
    assertThat(output)
        .contains(
            "found a PostgreSQL server (pid "
                + leftover
                + ") left running on "
                + dataDirectory()
                + " by a previous process; stopping it")
        .contains("stopped the PostgreSQL server (pid " + leftover + ")");
  }

  @Test
  void aServerKilledWithItsJvmLeavesAStalePidFileAndTheNextStartRecovers(CapturedOutput output)
      throws Exception {
    int port = startHolder("power-cut");
    commitARow(port);
    long dead = serverPid();
    // a power cut, as far as processes go: the JVM and every server process die at once
    kill(holders.get(0));
    ProcessHandle server = ProcessHandle.of(dead).orElseThrow();
    List<ProcessHandle> serverProcesses = new ArrayList<>(server.descendants().toList());
    serverProcesses.add(server);
    serverProcesses.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle process : serverProcesses) {
      awaitGone(process.pid());
    }
    assertThat(Files.readAllLines(pidFile()).get(0)).isEqualTo(Long.toString(dead));

    try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.start(home)) {
      assertThat(committedRows(restarted.port()))
          .as("recovered from the write-ahead log")
          .containsExactly(42);
    }
    assertThat(output)
        .contains(
            "removed a stale postmaster.pid of dead pid " + dead + " from " + dataDirectory());
  }

  @Test
  void aLeftoverServerThatDoesNotStopFastIsShutDownImmediately(CapturedOutput output)
      throws Exception {
    int port = startHolder("stuck");
    commitARow(port);
    long leftover = serverPid();
    kill(holders.get(0));
    // a fast shutdown ends with the checkpointer's shutdown checkpoint: a stopped checkpointer
    // holds it up; an immediate shutdown SIGKILLs children that do not exit
    long checkpointer = serverProcess(leftover, "checkpointer");
    signal("STOP", checkpointer);
    try {
      LeftoverServer.clear(dataDirectory(), Duration.ofSeconds(2));
    } finally {
      if (LiveProcess.of(checkpointer).isPresent()) {
        signal("CONT", checkpointer);
      }
    }

    assertThat(LiveProcess.of(leftover)).isEmpty();
    assertThat(output)
        .contains("fast shutdown of the PostgreSQL server (pid " + leftover + ") failed")
        .contains("stopped the PostgreSQL server (pid " + leftover + ")");
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(home)) {
      assertThat(committedRows(server.port()))
          .as("recovered from the write-ahead log")
          .containsExactly(42);
    }
  }

  @Test
  void aSecondProcessOnTheSameHomeIsRefusedWhileTheFirstRuns() throws Exception {
    int port = startHolder("first");
    long first = serverPid();

    assertThatThrownBy(() -> EmbeddedPostgresServer.start(home))
        .isInstanceOf(TaperHomeInUseException.class)
        .hasMessage(
            "TAPER_HOME "
                + home
                + " is in use by another Taper process (pid "
                + holders.get(0).pid()
                + "), which runs the embedded PostgreSQL on "
                + dataDirectory());
    assertThat(serverPid()).as("the first server was left alone").isEqualTo(first);
    try (Connection connection = connect(port)) {
      assertThat(connection.isValid(5)).isTrue();
    }
  }

  private int startHolder(String name) throws Exception {
    Path log = Path.of("target", "embedded-postgres-crash-" + name + ".log");
    Files.deleteIfExists(log);
    Process holder =
        ChildJvm.start(
            log,
            List.of("-Xmx256m"),
            EmbeddedPostgresHolder.class.getName(),
            List.of(home.toString()));
    holders.add(holder);
    String ready =
        ChildJvm.awaitLine(holder, log, EmbeddedPostgresHolder.READY, Duration.ofSeconds(90));
    return Integer.parseInt(
        ready
            .substring(
                ready.indexOf(EmbeddedPostgresHolder.READY) + EmbeddedPostgresHolder.READY.length())
            .trim());
  }

  private static void kill(Process process) throws InterruptedException {
    process.destroyForcibly().waitFor();
    assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
  }

  private static void awaitGone(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (LiveProcess.of(pid).isPresent()) {
      assertThat(System.nanoTime()).as("process " + pid + " still runs").isLessThan(deadline);
      // another process's exit can only be polled
      Thread.sleep(50);
    }
  }

  /** The child of {@code postmaster} whose process title names {@code role}. */
  private static long serverProcess(long postmaster, String role) throws IOException {
    for (ProcessHandle child : ProcessHandle.of(postmaster).orElseThrow().children().toList()) {
      String title = Files.readString(Path.of("/proc", Long.toString(child.pid()), "cmdline"));
      if (title.contains(role)) {
        return child.pid();
      }
    }
    throw new AssertionError("no " + role + " among the children of " + postmaster);
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    assertThat(kill.waitFor()).as("kill -%s %d", signal, pid).isZero();
  }

  private static void commitARow(int port) throws SQLException {
    try (Connection connection = connect(port);
        var statement = connection.createStatement()) {
      statement.execute("create table crash_probe (x int)");
      statement.execute("insert into crash_probe values (42)");
    }
  }

  private static List<Integer> committedRows(int port) throws SQLException {
    List<Integer> rows = new ArrayList<>();
    try (Connection connection = connect(port);
        var statement = connection.createStatement();
        var result = statement.executeQuery("select x from crash_probe")) {
      while (result.next()) {
        rows.add(result.getInt(1));
      }
    }
    return rows;
  }

  private static Connection connect(int port) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres");
  }

  private long serverPid() throws Exception {
    return Long.parseLong(Files.readAllLines(pidFile()).get(0).trim());
  }

  private Path dataDirectory() {
    return home.resolve(EmbeddedPostgresServer.DATA_DIRECTORY);
  }

  private Path pidFile() {
    return dataDirectory().resolve(PostmasterPidFile.NAME);
  }
}
