package dev.taper.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where model files, checkpoints and uploaded datasets live, addressed by keys such as {@code
 * models/<id>}. Every write is atomic: a reader (or a process restarted after a crash) sees the old
 * content or the new, never a part.
 */
public interface ArtifactStore {

  /** Fills a directory through {@code writer}, then publishes it under {@code key} at once. */
  void putDirectory(String key, DirectoryWriter writer);

  /** A directory to read the files of {@code key} from. */
  Path directory(String key);

  /** Replaces the bytes stored under {@code key}. */
  void write(String key, byte[] bytes);

  Optional<byte[]> read(String key);

  InputStream open(String key) throws IOException;

  boolean exists(String key);

  /** Removes {@code key} and, for a directory, everything under it. Missing keys are ignored. */
  void delete(String key);

  /** A fresh private directory for temporary files; the caller deletes it. */
  Path scratchDirectory();

  /** Writes files into a directory that is not yet visible under its key. */
  @FunctionalInterface
  interface DirectoryWriter {
    void write(Path directory) throws IOException;
  }
}
