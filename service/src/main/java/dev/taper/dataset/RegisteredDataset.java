package dev.taper.dataset;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A dataset experiments can name.
 *
 * @param uri where its files are: an artifact key ({@code datasets/<name>}) for uploads, an
 *     absolute folder for built-in datasets found on disk
 * @param sha256 content hash of the files (part of a WIDE model's fingerprint)
 * @param exampleShape one example's shape, e.g. {@code [1, 28, 28]}: every dimension positive
 */
public record RegisteredDataset(
    UUID id,
    String name,
    DatasetFormat format,
    @JsonIgnore String uri,
    String sha256,
    @ArraySchema(
            arraySchema =
                @Schema(description = "One example's shape, e.g. [1, 28, 28] for 28x28 images"),
            schema = @Schema(minimum = "1"))
        List<Long> exampleShape,
    int classes,
    int trainExamples,
    int testExamples,
    Instant createdAt) {

  public RegisteredDataset {
    exampleShape = List.copyOf(exampleShape);
    if (exampleShape.isEmpty() || exampleShape.stream().anyMatch(d -> d < 1)) {
      throw new IllegalArgumentException(
          "dataset " + name + " has example shape " + exampleShape + ": not positive dimensions");
    }
  }

  /** A new registration of {@code raw}'s files at {@code uri}, described by their contents. */
  static RegisteredDataset describing(
      String name, DatasetFormat format, String uri, RawDataset raw) {
    return new RegisteredDataset(
        UUID.randomUUID(),
        name,
        format,
        uri,
        raw.sha256(),
        Arrays.stream(raw.train().exampleShape()).boxed().toList(),
        raw.train().classes(),
        raw.train().size(),
        raw.test().size(),
        null);
  }

  /** The example shape as an array, e.g. {1, 28, 28}. */
  @JsonIgnore
  public long[] exampleDimensions() {
    return exampleShape.stream().mapToLong(Long::longValue).toArray();
  }

  /** The example shape as the {@code dataset} table stores it, e.g. {@code [1, 28, 28]}. */
  static String shapeText(List<Long> shape) {
    return shape.toString();
  }

  /**
   * Reads a shape as the {@code dataset} table stores it.
   *
   * @throws IllegalStateException when the text is not a bracketed list of integers
   */
  public static List<Long> shapeOf(String text) {
    String trimmed = text == null ? "" : text.strip();
    if (!trimmed.startsWith("[") || !trimmed.endsWith("]") || trimmed.length() < 3) {
      throw new IllegalStateException("not an example shape: " + text);
    }
    try {
      return Arrays.stream(trimmed.substring(1, trimmed.length() - 1).split(","))
          .map(d -> Long.parseLong(d.strip()))
          .toList();
    } catch (NumberFormatException e) {
      throw new IllegalStateException("not an example shape: " + text, e);
    }
  }
}
