package dev.taper.dataset;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reading dataset files into memory, gzip or not. */
final class DatasetFiles {

  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;

  /** The most bytes one file's content may hold: the largest Java array. */
  static final int MAX_CONTENT = Integer.MAX_VALUE - 8;

  private DatasetFiles() {}

  /**
   * The file's content, decompressed when it starts with the gzip magic (whatever its name).
   * Offsets in {@link DatasetFormatException}s refer to this content.
   */
  static byte[] readContent(Path file) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return gzipped(raw) ? gunzip(file, raw) : raw.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * The first {@code count} bytes of the file's content (fewer if it is shorter), decompressed as
   * {@link #readContent} does, without reading the rest.
   */
  static byte[] readHead(Path file, int count) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      if (!gzipped(raw)) {
        return raw.readNBytes(count);
      }
      try (GZIPInputStream in = new GZIPInputStream(raw, 1 << 16)) {
        return in.readNBytes(count);
      } catch (ZipException | EOFException e) {
        throw new DatasetFormatException(file, 0, "corrupt gzip stream: " + e.getMessage(), e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Whether the stream starts with the gzip magic; the stream is left where it was. */
  private static boolean gzipped(InputStream raw) throws IOException {
    raw.mark(2);
    int first = raw.read();
    int second = raw.read();
    raw.reset();
    return first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2;
  }

  private static byte[] gunzip(Path file, InputStream raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
    byte[] buffer = new byte[1 << 16];
    try (GZIPInputStream in = new GZIPInputStream(raw, 1 << 16)) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (out.size() > MAX_CONTENT - n) {
          // a small file can inflate without end (a "gzip bomb"): refuse it before memory runs out
          throw new DatasetFormatException(
              file, out.size(), "decompresses to more than " + MAX_CONTENT + " bytes");
        }
        out.write(buffer, 0, n);
      }
    } catch (ZipException | EOFException e) {
      // a damaged or cut-off gzip stream is a format problem of the file, not an I/O failure
      throw new DatasetFormatException(
          file, out.size(), "corrupt gzip stream: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }
}
