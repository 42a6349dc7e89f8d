package dev.taper.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A process that runs now, seen through {@code /proc} where there is one (Linux) and through {@link
 * ProcessHandle#info()} elsewhere: enough to tell whether a process id read from a pid file still
 * names the PostgreSQL server of a data directory, or was recycled for something else.
 *
 * @param handle the process
 */
record LiveProcess(ProcessHandle handle) {

  private static final Path PROC = Path.of("/proc");

  /**
   * The process with this id, unless there is none or it has exited and waits to be reaped (a
   * zombie, which {@link ProcessHandle#isAlive()} still counts as alive).
   */
  static Optional<LiveProcess> of(long pid) {
    return ProcessHandle.of(pid).map(LiveProcess::new).filter(LiveProcess::isRunning);
  }

  long pid() {
    return handle.pid();
  }

  boolean isRunning() {
    return handle.isAlive() && !isZombie();
  }

  /**
   * Whether this is a {@code postgres} process working in {@code dataDirectory}: the postmaster
   * changes into its data directory at start, and every server process keeps the executable name.
   */
  boolean isPostgresServerOf(Path dataDirectory) {
    boolean postgres =
        handle
            .info()
            .command()
            .map(command -> Path.of(command).getFileName().toString().equals("postgres"))
            .orElse(false);
    return postgres && dataDirectory().filter(d -> sameFile(d, dataDirectory)).isPresent();
  }

  /** The executable, beside which PostgreSQL's other programs lie. */
  Optional<Path> executable() {
    return handle.info().command().map(Path::of);
  }

  /** The command line, for logs. */
  String commandLine() {
    return handle.info().commandLine().orElse("(command unknown)");
  }

  private Optional<Path> dataDirectory() {
    if (Files.isDirectory(PROC)) {
      try {
        return Optional.of(
            Files.readSymbolicLink(PROC.resolve(Long.toString(pid())).resolve("cwd")));
      } catch (IOException e) {
        // another user's process, or gone meanwhile: not a server this process could stop anyway
        return Optional.empty();
      }
    }
    // no /proc: the -D argument pg_ctl passed to the server
    List<String> arguments = Arrays.asList(handle.info().arguments().orElse(new String[0]));
    int flag = arguments.indexOf("-D");
    return flag >= 0 && flag + 1 < arguments.size()
        ? Optional.of(Path.of(arguments.get(flag + 1)))
        : Optional.empty();
  }

  private boolean isZombie() {
    Path stat = PROC.resolve(Long.toString(pid())).resolve("stat");
    try {
      // "pid (name) state ...": the name may hold spaces and parentheses, the state follows the
      // last
      String line = Files.readString(stat);
      int end = line.lastIndexOf(')');
      return end > 0 && end + 2 < line.length() && line.charAt(end + 2) == 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }
}
