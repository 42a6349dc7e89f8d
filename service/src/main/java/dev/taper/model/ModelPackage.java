package dev.taper.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A built download zip in a scratch file. Close it to delete the file.
 *
 * @param sha256 hex digest of the zip's bytes (the download's ETag)
 */
public record ModelPackage(Path file, long size, String sha256, String fileName)
    implements AutoCloseable {

  public InputStream open() throws IOException {
    return Files.newInputStream(file);
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
      Files.deleteIfExists(file.getParent());
    } catch (IOException ignored) {
      // a leftover scratch file is harmless
    }
  }
}
