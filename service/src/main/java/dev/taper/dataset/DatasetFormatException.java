package dev.taper.dataset;

import java.nio.file.Path;

/**
 * A dataset file whose content is not what its format promises. Says which file, where and why, so
 * that a user who uploaded it can fix it: {@code train-images-idx3-ubyte.gz at offset 3: expected 3
 * dimensions for images, header says 1}.
 *
 * <p>Unchecked, like the {@link java.io.UncheckedIOException} the readers throw when a file cannot
 * be read at all.
 */
public class DatasetFormatException extends RuntimeException {

  private final Path file;
  private final long offset;
  private final String reason;

  /**
   * @param file the file as given to the reader
   * @param offset byte offset in the file's content (after gzip decompression) where the problem
   *     was found
   * @param reason what is wrong, in words
   */
  public DatasetFormatException(Path file, long offset, String reason) {
    this(file, offset, reason, null);
  }

  public DatasetFormatException(Path file, long offset, String reason, Throwable cause) {
    super(displayName(file) + " at offset " + offset + ": " + reason, cause);
    this.file = file;
    this.offset = offset;
    this.reason = reason;
  }

  public Path file() {
    return file;
  }

  public long offset() {
    return offset;
  }

  public String reason() {
    return reason;
  }

  private static String displayName(Path file) {
    Path name = file.getFileName();
    return name == null ? file.toString() : name.toString();
  }
}
