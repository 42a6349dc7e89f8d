package dev.taper.storage;

import java.io.IOException;

/** Bytes read from the store differ from those written: their SHA-256 does not match. */
public class ChecksumMismatchException extends IOException {

  public ChecksumMismatchException(String what, String expected, String actual) {
    super(
        what
            + " is corrupt: its bytes have SHA-256 "
            + actual
            + " but "
            + expected
            + " was recorded when they were written");
  }
}
