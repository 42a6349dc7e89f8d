package dev.taper.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A data directory's {@code postmaster.pid}: PostgreSQL writes it when its server starts (first
 * line the server's process id, second its data directory) and removes it when the server stops, so
 * a file found before a start names a server still running or one that died without cleaning up.
 *
 * @param file where it lies
 * @param lines its lines as read
 */
record PostmasterPidFile(Path file, List<String> lines) {

  static final String NAME = "postmaster.pid";

  /** The pid file in {@code dataDirectory}, if there is one. */
  static Optional<PostmasterPidFile> in(Path dataDirectory) throws IOException {
    Path file = dataDirectory.resolve(NAME);
    try {
      return Optional.of(new PostmasterPidFile(file, Files.readAllLines(file)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * The server's process id; empty when the file is empty or torn (a crash while it was written).
   */
  OptionalLong pid() {
    if (lines.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      long pid = Long.parseLong(lines.get(0).trim());
      return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  void delete() throws IOException {
    Files.deleteIfExists(file);
  }
}
