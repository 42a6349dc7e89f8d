package dev.taper.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * Local copies of stored directories, for code that reads files by path. A copy is downloaded into
 * a temporary folder (each file checked against its SHA-256 on the way), given the manifest last,
 * and renamed into place, so a copy that has its manifest is complete. A directory never changes
 * once published, so a copy whose manifest equals the stored one is served without downloading.
 *
 * <p>Processes that share the cache's folder (containers mounting one volume) take turns per key
 * through a lock file beside the copy, so a second process finds the first's copy instead of
 * replacing it while the first reads it.
 */
final class S3DirectoryCache {

  /** What the cache copies from: the S3 store's listing and verified file streams. */
  interface Source {
    Optional<Manifest> list(String key);

    InputStream open(String key, String file) throws IOException;
  }

  /**
   * Monitors for the whole JVM, one per stripe of copies: a file lock is held by a process, so two
   * threads (or two caches on one folder) must not ask for the same one at once. Striped, so that
   * the keys a long-lived process sees leave nothing behind.
   */
  private static final Object[] MONITORS = new Object[64];

  static {
    Arrays.setAll(MONITORS, i -> new Object());
  }

  private final Source source;
  private final Path root;
  private final Path temp;

  S3DirectoryCache(Source source, Path root, Path temp) {
    this.source = source;
    this.root = root.toAbsolutePath().normalize();
    this.temp = temp;
  }

  Path fetch(String key) {
    Path target = root.resolve(key);
    return locked(
        target,
        "cannot fetch " + key + " into " + target,
        () -> {
          Manifest manifest =
              source.list(key).orElseThrow(() -> new ArtifactNotFoundException(key));
          if (cached(target).equals(Optional.of(manifest))) {
            return target;
          }
          Path download = temp.resolve(UUID.randomUUID().toString());
          try {
            for (StoredFile file : manifest.files()) {
              Path local = Manifest.resolve(download, file.name());
              Files.createDirectories(local.getParent());
              try (InputStream in = source.open(key, file.name())) {
                Files.copy(in, local);
              }
            }
            Files.write(download.resolve(Manifest.FILE_NAME), manifest.toJson());
            // a copy of an earlier directory under the same key (deleted, then published again)
            LocalFiles.deleteTree(target);
            Files.move(download, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
          } finally {
            LocalFiles.deleteTree(download);
          }
        });
  }

  void evict(String key) {
    Path target = root.resolve(key);
    if (!Files.exists(target) && !Files.exists(lockFile(target))) {
      // never copied here (most deleted keys: checkpoints): nothing to evict, no lock file to leave
      return;
    }
    locked(
        target,
        "cannot evict the local copy " + target,
        () -> {
          LocalFiles.deleteTree(target);
          return target;
        });
  }

  /** Runs the action holding this JVM's monitor and the file lock of the copy at {@code target}. */
  private static Path locked(Path target, String failure, LockedAction action) {
    synchronized (MONITORS[Math.floorMod(target.hashCode(), MONITORS.length)]) {
      try {
        Files.createDirectories(target.getParent());
        try (FileChannel channel =
                FileChannel.open(
                    lockFile(target), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock held = channel.lock()) {
          return action.run();
        }
      } catch (IOException e) {
        throw new ArtifactStoreException(failure, e);
      }
    }
  }

  /** The file whose lock a process holds while it makes, reads the manifest of or evicts a copy. */
  static Path lockFile(Path target) {
    return target.resolveSibling(target.getFileName() + ".lock");
  }

  private interface LockedAction {
    Path run() throws IOException;
  }

  private static Optional<Manifest> cached(Path directory) {
    try (InputStream in = Files.newInputStream(directory.resolve(Manifest.FILE_NAME))) {
      return Optional.of(Manifest.fromJson(in, directory.toString()));
    } catch (IOException e) {
      // no copy yet, or an unreadable one: it is downloaded (again)
      return Optional.empty();
    }
  }
}
