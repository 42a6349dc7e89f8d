package dev.taper.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes on a stored file's or object's bytes while hashing them, and compares the SHA-256 with the
 * recorded one as soon as the last byte has been read, before handing that byte over: a reader that
 * reads everything it expects has always been checked, even if it never asks for the end of the
 * stream. Skipped bytes are read and hashed too.
 */
final class VerifyingInputStream extends InputStream {

  private final InputStream in;
  private final long length;
  private final String expected;
  private final String what;
  private final MessageDigest digest = Sha256.newDigest();
  private long position;
  private boolean verified;
  private ChecksumMismatchException mismatch;

  private VerifyingInputStream(InputStream in, long length, String expected, String what) {
    this.in = in;
    this.length = length;
    this.expected = expected;
    this.what = what;
  }

  /** A directory's file, checked against its manifest entry. */
  static InputStream of(InputStream in, StoredFile file, String what) {
    return new VerifyingInputStream(in, file.size(), file.sha256(), what);
  }

  /** An object of {@code storedLength} bytes that ends with a {@link ChecksumTrailer}. */
  static InputStream ofTrailed(InputStream in, long storedLength, String what) throws IOException {
    if (storedLength < ChecksumTrailer.LENGTH) {
      in.close();
      throw new ChecksumMismatchException(what, "a checksum trailer", "too short to hold one");
    }
    return new VerifyingInputStream(in, storedLength - ChecksumTrailer.LENGTH, null, what);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (position == length) {
      verify();
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, length - position));
    if (n < 0) {
      throw new EOFException(what + " ended after " + position + " of its " + length + " bytes");
    }
    digest.update(b, off, n);
    position += n;
    if (position == length) {
      verify();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] discard = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int read = read(discard, 0, (int) Math.min(discard.length, n - skipped));
      if (read < 0) {
        break;
      }
      skipped += read;
    }
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(in.available(), length - position);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Compares the digests once; a mismatch is thrown again by every later read. */
  private void verify() throws IOException {
    if (mismatch != null) {
      throw mismatch;
    }
    if (verified) {
      return;
    }
    verified = true;
    String recorded = expected != null ? expected : ChecksumTrailer.read(in, what);
    String actual = Sha256.hex(digest);
    if (!actual.equals(recorded)) {
      mismatch = new ChecksumMismatchException(what, recorded, actual);
      throw mismatch;
    }
  }
}
