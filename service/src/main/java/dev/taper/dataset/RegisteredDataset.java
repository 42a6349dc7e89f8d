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
 * @param exampleShape e.g. {@code [784]}
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
}
