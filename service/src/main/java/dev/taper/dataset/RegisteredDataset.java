package dev.taper.dataset;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * A dataset experiments can name.
 *
 * @param uri where its files are: an artifact key ({@code datasets/<name>}) for uploads, an
 *     absolute folder for built-in datasets found on disk
 * @param sha256 content hash of the files (part of a WIDE model's fingerprint)
 * @param exampleShape one example's shape as text, e.g. {@code [1, 28, 28]} (see {@link
 *     #exampleDimensions})
 */
public record RegisteredDataset(
    UUID id,
    String name,
    DatasetFormat format,
    @JsonIgnore String uri,
    String sha256,
    String exampleShape,
    int classes,
    int trainExamples,
    int testExamples,
    Instant createdAt) {

  /** A new registration of {@code raw}'s files at {@code uri}, described by their contents. */
  static RegisteredDataset describing(
      String name, DatasetFormat format, String uri, RawDataset raw) {
    return new RegisteredDataset(
        UUID.randomUUID(),
        name,
        format,
        uri,
        raw.sha256(),
        Arrays.toString(raw.train().exampleShape()),
        raw.train().classes(),
        raw.train().size(),
        raw.test().size(),
        null);
  }

  /**
   * The example shape as numbers, e.g. {1, 28, 28}.
   *
   * @throws IllegalStateException when the stored shape is not a list of positive integers
   */
  @JsonIgnore
  public long[] exampleDimensions() {
    String text = exampleShape == null ? "" : exampleShape.strip();
    if (!text.startsWith("[") || !text.endsWith("]") || text.length() < 3) {
      throw new IllegalStateException("dataset " + name + " has no example shape: " + exampleShape);
    }
    try {
      long[] dimensions =
          Arrays.stream(text.substring(1, text.length() - 1).split(","))
              .mapToLong(d -> Long.parseLong(d.strip()))
              .toArray();
      if (Arrays.stream(dimensions).anyMatch(d -> d < 1)) {
        throw new IllegalStateException("dataset " + name + " has example shape " + exampleShape);
      }
      return dimensions;
    } catch (NumberFormatException e) {
      throw new IllegalStateException("dataset " + name + " has example shape " + exampleShape, e);
    }
  }
}
