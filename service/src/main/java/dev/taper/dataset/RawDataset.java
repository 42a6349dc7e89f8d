package dev.taper.dataset;

import java.nio.file.Path;
import java.util.List;

/**
 * A dataset as read from its files, before shuffling, splitting and normalisation ({@link
 * DatasetPreparer} does those).
 *
 * @param name the registered dataset name, e.g. {@code fashion-mnist}
 * @param sha256 hex SHA-256 over the source files' bytes as stored, concatenated in a fixed order
 *     (see {@link #sha256Of(List)}): identifies the data in a model's fingerprint
 */
public record RawDataset(String name, String sha256, LabeledData train, LabeledData test) {

  public RawDataset {
    if (train.classes() != test.classes()) {
      throw new IllegalArgumentException(
          "train has " + train.classes() + " classes, test has " + test.classes());
    }
  }

  /** Hex SHA-256 of the files' bytes as stored (not decompressed), concatenated in list order. */
  public static String sha256Of(List<Path> files) {
    return DatasetFiles.sha256(files);
  }
}
