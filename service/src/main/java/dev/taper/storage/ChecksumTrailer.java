package dev.taper.storage;

import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * How an object carries its checksum: its bytes, then their SHA-256 (32 bytes), then the 8 bytes
 * {@code TAPERSUM}. The digest travels inside the object, so replacing the object replaces both at
 * once (a separate checksum file could not be), and a writer streams without knowing its length or
 * digest in advance.
 */
final class ChecksumTrailer {

  static final int LENGTH = 40;

  private static final byte[] MAGIC = "TAPERSUM".getBytes(StandardCharsets.US_ASCII);
  private static final int DIGEST_LENGTH = LENGTH - 8;

  private ChecksumTrailer() {}

  /** Passes bytes to {@code out}, hashing them; {@link #finish} appends the trailer. */
  static final class Appending extends FilterOutputStream {
    private final MessageDigest digest = Sha256.newDigest();
    private long written;

    Appending(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      digest.update((byte) b);
      written++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      digest.update(b, off, len);
      written += len;
    }

    /** The bytes written so far, trailer aside. */
    long written() {
      return written;
    }

    /** Writes the trailer; nothing may be written after it. */
    void finish() throws IOException {
      out.write(digest.digest());
      out.write(MAGIC);
      out.flush();
    }

    @Override
    public void close() {
      // the store closes the stream beneath once it has decided to publish or to abandon it
    }
  }

  /**
   * Reads the trailer that follows an object's bytes.
   *
   * @return the recorded SHA-256 in hex
   */
  static String read(InputStream in, String what) throws IOException {
    byte[] trailer = in.readNBytes(LENGTH);
    if (trailer.length < LENGTH) {
      throw new EOFException(what + " ends inside its checksum trailer");
    }
    if (!Arrays.equals(trailer, DIGEST_LENGTH, LENGTH, MAGIC, 0, MAGIC.length)) {
      throw new ChecksumMismatchException(what, "a checksum trailer", "no trailer at its end");
    }
    return HexFormat.of().formatHex(trailer, 0, DIGEST_LENGTH);
  }

  /** Whether a file ends with a trailer (files written before checksums were stored do not). */
  static boolean presentIn(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < LENGTH) {
        return false;
      }
      ByteBuffer end = ByteBuffer.allocate(MAGIC.length);
      while (end.hasRemaining()) {
        if (channel.read(end, size - MAGIC.length + end.position()) < 0) {
          return false;
        }
      }
      return Arrays.equals(end.array(), MAGIC);
    }
  }
}
