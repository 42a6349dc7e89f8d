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

  /** The most bytes one file's content may hold anywhere: the largest Java array. */
  static final int MAX_CONTENT = Integer.MAX_VALUE - 8;

  /**
   * A reader holds a file's content and a float for each of its values at once, up to five bytes
   * for each content byte (an unsigned-byte image), so content beyond a fifth of the heap would end
   * in an OutOfMemoryError instead of an answer.
   */
  private static final int HEAP_SHARE = 5;

  private DatasetFiles() {}

  /**
   * The file's content, decompressed when it starts with the gzip magic (whatever its name).
   * Offsets in {@link DatasetFormatException}s refer to this content.
   */
  static byte[] readContent(Path file) {
    return readContent(file, contentLimit());
  }

  /** The same, refusing content of more than {@code limit} bytes before reading it all. */
  static byte[] readContent(Path file, long limit) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      if (gzipped(raw)) {
        return gunzip(file, raw, limit);
      }
      long size = Files.size(file);
      if (size > limit) {
        throw new DatasetFormatException(
            file, limit, "holds " + size + " bytes, more than " + tooMuch(limit));
      }
      return raw.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The most content bytes one file may hold in this process. */
  static long contentLimit() {
    return Math.min(MAX_CONTENT, Runtime.getRuntime().maxMemory() / HEAP_SHARE);
  }

  private static String tooMuch(long limit) {
    return limit
        + " bytes, the most this process reads from one file (a fifth of its heap of "
        + Runtime.getRuntime().maxMemory() / (1 << 20)
        + " MiB, since its values are read as floats): send a smaller file or give the process"
        + " more memory";
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

  private static byte[] gunzip(Path file, InputStream raw, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
    byte[] buffer = new byte[1 << 16];
    try (GZIPInputStream in = new GZIPInputStream(raw, 1 << 16)) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (out.size() > limit - n) {
          // a small file can inflate without end (a "gzip bomb"): refuse it before memory runs out
          throw new DatasetFormatException(
              file, out.size(), "decompresses to more than " + tooMuch(limit));
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
