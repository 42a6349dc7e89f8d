package dev.taper.observability;

import dev.taper.storage.ArtifactStore;
import dev.taper.storage.ArtifactStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Counts the artifact store's failures by operation ({@link TaperMetrics#ARTIFACT_STORE_ERRORS})
 * and lets them through unchanged. A failure is the store's own: an {@link ArtifactStoreException}
 * or an I/O error. A caller's bad key, an exception from a caller's {@link
 * ArtifactStore.DirectoryWriter} other than I/O, and a missing key are not.
 */
public class MeteredArtifactStore implements ArtifactStore {

  /** Every operation, so that each one's error series exists at 0 from start-up. */
  static final List<String> OPERATIONS =
      List.of(
          "put_directory",
          "directory",
          "write",
          "read",
          "open",
          "exists",
          "delete",
          "scratch_directory");

  private final ArtifactStore delegate;
  private final TaperMetrics metrics;

  public MeteredArtifactStore(ArtifactStore delegate, TaperMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @Override
  public void putDirectory(String key, DirectoryWriter writer) {
    metered("put_directory", () -> delegate.putDirectory(key, writer));
  }

  @Override
  public Path directory(String key) {
    return metered("directory", () -> delegate.directory(key));
  }

  @Override
  public void write(String key, byte[] bytes) {
    metered("write", () -> delegate.write(key, bytes));
  }

  @Override
  public Optional<byte[]> read(String key) {
    return metered("read", () -> delegate.read(key));
  }

  @Override
  public InputStream open(String key) throws IOException {
    try {
      return delegate.open(key);
    } catch (NoSuchFileException missing) {
      // a missing key is an answer (read() gives it as an empty Optional), not a failure
      throw missing;
    } catch (IOException | ArtifactStoreException | UncheckedIOException e) {
      metrics.artifactStoreError("open");
      throw e;
    }
  }

  @Override
  public boolean exists(String key) {
    return metered("exists", () -> delegate.exists(key));
  }

  @Override
  public void delete(String key) {
    metered("delete", () -> delegate.delete(key));
  }

  @Override
  public Path scratchDirectory() {
    return metered("scratch_directory", delegate::scratchDirectory);
  }

  private void metered(String operation, Runnable call) {
    metered(
        operation,
        () -> {
          call.run();
          return null;
        });
  }

  private <T> T metered(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (ArtifactStoreException | UncheckedIOException e) {
      metrics.artifactStoreError(operation);
      throw e;
    }
  }
}
