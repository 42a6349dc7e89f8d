package dev.taper.observability;

import dev.taper.storage.ArtifactNotFoundException;
import dev.taper.storage.ArtifactStore;
import dev.taper.storage.ArtifactStoreException;
import dev.taper.storage.Manifest;
import java.io.FilterInputStream;
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
 * or an I/O error, including one met while reading a stream the store handed out (a broken
 * connection, a checksum mismatch), counted once per stream under the operation that opened it. A
 * caller's bad key, an exception from a caller's writer other than I/O, and a missing key are not.
 */
public class MeteredArtifactStore implements ArtifactStore {

  /** Every operation, so that each one's error series exists at 0 from start-up. */
  static final List<String> OPERATIONS =
      List.of(
          "put_directory",
          "list",
          "open",
          "fetch_directory",
          "write",
          "read",
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
  public Manifest putDirectory(String key, DirectoryWriter writer) {
    return metered("put_directory", () -> delegate.putDirectory(key, writer));
  }

  @Override
  public Optional<Manifest> list(String key) {
    return metered("list", () -> delegate.list(key));
  }

  @Override
  public InputStream open(String key, String file) throws IOException {
    return meteredStream("open", () -> delegate.open(key, file));
  }

  @Override
  public Path fetchDirectory(String key) {
    return metered("fetch_directory", () -> delegate.fetchDirectory(key));
  }

  @Override
  public void write(String key, StreamWriter writer) {
    metered(
        "write",
        () -> {
          delegate.write(key, writer);
          return null;
        });
  }

  @Override
  public InputStream open(String key) throws IOException {
    return meteredStream("read", () -> delegate.open(key));
  }

  @Override
  public boolean exists(String key) {
    return metered("exists", () -> delegate.exists(key));
  }

  @Override
  public void delete(String key) {
    metered(
        "delete",
        () -> {
          delegate.delete(key);
          return null;
        });
  }

  @Override
  public Path scratchDirectory() {
    return metered("scratch_directory", delegate::scratchDirectory);
  }

  @Override
  public void close() {
    delegate.close();
  }

  private <T> T metered(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (ArtifactNotFoundException missing) {
      // a missing key is an answer, not a failure
      throw missing;
    } catch (ArtifactStoreException | UncheckedIOException e) {
      metrics.artifactStoreError(operation);
      throw e;
    }
  }

  private InputStream meteredStream(String operation, StreamOpener opener) throws IOException {
    InputStream in;
    try {
      in = opener.open();
    } catch (NoSuchFileException missing) {
      // a missing key is an answer, not a failure
      throw missing;
    } catch (IOException | ArtifactStoreException | UncheckedIOException e) {
      metrics.artifactStoreError(operation);
      throw e;
    }
    return new CountingStream(in, operation);
  }

  @FunctionalInterface
  private interface StreamOpener {
    InputStream open() throws IOException;
  }

  /** Counts the first failure while reading a stream the store handed out. */
  private final class CountingStream extends FilterInputStream {
    private final String operation;
    private boolean counted;

    CountingStream(InputStream in, String operation) {
      super(in);
      this.operation = operation;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException | ArtifactStoreException e) {
        count();
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException | ArtifactStoreException e) {
        count();
        throw e;
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        return super.skip(n);
      } catch (IOException | ArtifactStoreException e) {
        count();
        throw e;
      }
    }

    private void count() {
      if (!counted) {
        counted = true;
        metrics.artifactStoreError(operation);
      }
    }
  }
}
