package dev.taper.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where model files, exports, checkpoints and uploaded datasets live, addressed by keys such as
 * {@code models/<id>}. Nothing here hands out a path into the store itself: callers stream, or
 * fetch a local copy, so the same code runs against a folder or an S3 bucket.
 *
 * <p>Two kinds of artifact:
 *
 * <ul>
 *   <li>a <b>directory</b> (a model, an export, an upload) is written once: its files are staged
 *       locally, stored, and published together with a {@link Manifest} of their sizes and SHA-256
 *       digests. Readers trust only a key whose manifest exists, so a crash at any instant leaves
 *       the whole directory or nothing under the key;
 *   <li>an <b>object</b> (a checkpoint) is one stream of bytes that a write replaces whole: a
 *       reader sees the old bytes or the new, never a part.
 * </ul>
 *
 * Every read is checked against the SHA-256 recorded when the bytes were written: a stream that
 * reaches the end of bytes that differ throws {@link ChecksumMismatchException}. Every stream
 * handed out must be closed; closing one before its end is allowed and releases what it held.
 */
public interface ArtifactStore extends AutoCloseable {

  /**
   * Fills a fresh local directory through {@code writer}, then publishes its files under {@code
   * key}, manifest last.
   *
   * @return what was published
   * @throws ArtifactStoreException when the files cannot be stored, or {@code key} is taken
   */
  Manifest putDirectory(String key, DirectoryWriter writer);

  /** The files of the directory {@code key}; empty when no complete directory is stored there. */
  Optional<Manifest> list(String key);

  /**
   * Streams one file of the directory {@code key}.
   *
   * @throws java.nio.file.NoSuchFileException when there is no such directory or file
   */
  InputStream open(String key, String file) throws IOException;

  /**
   * A local directory holding the files of {@code key}, checked against its manifest, for code that
   * reads files by path (DJL's parameter loading, the dataset readers). The caller only reads it:
   * it is the store's own folder on the file system and a cached copy otherwise.
   *
   * @throws ArtifactNotFoundException when no complete directory is stored under {@code key}
   */
  Path fetchDirectory(String key);

  /**
   * Replaces the object {@code key} with the bytes {@code writer} writes, streamed (never held
   * whole in memory). If the writer or the store fails, the previous bytes stay.
   */
  void write(String key, StreamWriter writer);

  /**
   * Streams the object {@code key}.
   *
   * @throws java.nio.file.NoSuchFileException when there is none
   */
  InputStream open(String key) throws IOException;

  /** Whether an object or a complete directory is stored under {@code key}. */
  boolean exists(String key);

  /**
   * Removes {@code key} and, for a directory, everything under it. Missing keys are ignored.
   *
   * @throws ArtifactStoreException when any of it is left
   */
  void delete(String key);

  /** A fresh private local directory for temporary files; the caller deletes it. */
  Path scratchDirectory();

  /** Releases connections and threads; the store is not used afterwards. */
  @Override
  default void close() {}

  /** Writes files into a local directory that is not yet visible under its key. */
  @FunctionalInterface
  interface DirectoryWriter {
    void write(Path directory) throws IOException;
  }

  /** Writes an object's bytes; the store closes the stream. */
  @FunctionalInterface
  interface StreamWriter {
    void write(OutputStream out) throws IOException;
  }
}
