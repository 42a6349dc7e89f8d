package dev.taper.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The local-disk steps both stores build on: durable writes, atomic renames, removal. */
final class LocalFiles {

  private LocalFiles() {}

  /** Renames atomically, replacing a file (not a non-empty directory) at {@code to}. */
  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the artifact store needs atomic renames: " + to, e);
    }
  }

  /** fsync a file or a directory (a directory's entry list is what makes a rename durable). */
  static void force(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** fsync every file under {@code directory}, then the directory itself. */
  static void forceTree(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        force(path);
      }
    }
  }

  /**
   * Removes {@code path} and everything under it, as much as it can; a missing path is ignored.
   *
   * @throws ArtifactStoreException when anything is left: a store's deletion must not report
   *     success for files still there (temporary files use {@link #deleteTree}, which may leave
   *     some)
   */
  static void deleteTreeFully(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    IOException failure = null;
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // the rest still goes; the first cause is reported, the others with it
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
    } catch (IOException e) {
      throw new ArtifactStoreException("cannot delete " + path, e);
    }
    if (failure != null) {
      throw new ArtifactStoreException("cannot delete all of " + path, failure);
    }
  }

  /** Removes {@code path} and everything under it; a missing path is ignored. */
  static void deleteTree(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : all) {
        deleteQuietly(p);
      }
    } catch (IOException e) {
      throw new ArtifactStoreException("cannot delete " + path, e);
    }
  }

  static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // a leftover temporary file is harmless: it is never published under a key
    }
  }
}
