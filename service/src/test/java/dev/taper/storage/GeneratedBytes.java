package dev.taper.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Reproducible pseudo-random bytes of any length, written and checked without ever being held
 * whole: tests stream hundreds of megabytes through small heaps with them.
 */
final class GeneratedBytes {

  private static final int CHUNK = 64 * 1024;

  private GeneratedBytes() {}

  /**
   * Writes {@code length} bytes of the sequence {@code seed}.
   *
   * @return their SHA-256
   */
  static String write(OutputStream out, long length, long seed) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    byte[] chunk = new byte[CHUNK];
    long state = seed == 0 ? 1 : seed;
    for (long left = length; left > 0; ) {
      int n = (int) Math.min(chunk.length, left);
      for (int i = 0; i < n; i += 8) {
        // xorshift64: fast, and different chunks differ
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        for (int j = 0; j < 8 && i + j < n; j++) {
          chunk[i + j] = (byte) (state >>> (8 * j));
        }
      }
      out.write(chunk, 0, n);
      digest.update(chunk, 0, n);
      left -= n;
    }
    return Sha256.hex(digest);
  }

  /** The SHA-256 of the sequence {@code seed} up to {@code length}. */
  static String sha256(long length, long seed) throws IOException {
    return write(OutputStream.nullOutputStream(), length, seed);
  }

  /**
   * Reads {@code in} to its end.
   *
   * @return the SHA-256 of what it held
   */
  static String drain(InputStream in) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    byte[] chunk = new byte[CHUNK];
    for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
      digest.update(chunk, 0, n);
    }
    return Sha256.hex(digest);
  }
}
