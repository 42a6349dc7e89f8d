package dev.taper.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Local copies of stored directories, for code that reads files by path. A copy is downloaded into
 * a temporary folder (each file checked against its SHA-256 on the way), given the manifest last,
 * and renamed into place, so a copy that has its manifest is complete. A directory never changes
 * once published, so a copy whose manifest equals the stored one is served without downloading.
 */
final class S3DirectoryCache {

  /** What the cache copies from: the S3 store's listing and verified file streams. */
  interface Source {
    Optional<Manifest> list(String key);

    InputStream open(String key, String file) throws IOException;
  }

  private final Source source;
  private final Path root;
  private final Path temp;
  private final ConcurrentMap<String, Object> fetching = new ConcurrentHashMap<>();

  S3DirectoryCache(Source source, Path root, Path temp) {
    this.source = source;
    this.root = root;
    this.temp = temp;
  }

  Path fetch(String key) {
    synchronized (fetching.computeIfAbsent(key, k -> new Object())) {
      Manifest manifest = source.list(key).orElseThrow(() -> new ArtifactNotFoundException(key));
      Path target = root.resolve(key);
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
        Files.createDirectories(target.getParent());
        // a copy of an earlier directory under the same key (deleted, then published again)
        LocalFiles.deleteTree(target);
        Files.move(download, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
      } catch (IOException e) {
        throw new ArtifactStoreException("cannot fetch " + key + " into " + target, e);
      } finally {
        LocalFiles.deleteTree(download);
      }
    }
  }

  void evict(String key) {
    synchronized (fetching.computeIfAbsent(key, k -> new Object())) {
      LocalFiles.deleteTree(root.resolve(key));
    }
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
