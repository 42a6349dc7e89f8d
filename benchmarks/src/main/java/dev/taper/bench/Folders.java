package dev.taper.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-system chores the study's outputs and the service benchmarks share. */
public final class Folders {

  private Folders() {}

  /** Deletes {@code root} and everything under it; nothing happens when it does not exist. */
  public static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /**
   * Copies the folder {@code from}, and everything under it, to {@code to}, which must not exist.
   */
  static void copyRecursively(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Files.copy(path, to.resolve(from.relativize(path).toString()));
      }
    }
  }

  /**
   * Flushes {@code root} to the disk: the file, or every file and folder under it, so that a rename
   * that follows cannot reach the disk before what it names.
   */
  static void sync(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.toList()) {
        if (Files.isRegularFile(path)) {
          try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE)) {
            file.force(true);
          }
        } else if (Files.isDirectory(path)) {
          syncDirectory(path);
        }
      }
    }
  }

  /** Flushes a folder's entries (a rename into it) to the disk, where the file system allows. */
  static void syncDirectory(Path directory) {
    try (FileChannel folder = FileChannel.open(directory, StandardOpenOption.READ)) {
      folder.force(true);
    } catch (IOException e) {
      // some file systems cannot flush a folder; the rename still happened, only less durably
    }
  }
}
