package dev.taper.dataset;

import java.util.List;

/**
 * A dataset as read from its files, before shuffling, splitting and normalisation ({@link
 * DatasetPreparer} does those).
 *
 * @param name the registered dataset name, e.g. {@code fashion-mnist}
 * @param sha256 hex SHA-256 over the source files' bytes as stored, concatenated in a fixed order
 *     (see {@link dev.taper.storage.Sha256#ofFiles(List)}): identifies the data in a model's
 *     fingerprint
 */
public record RawDataset(String name, String sha256, LabeledData train, LabeledData test) {

  public RawDataset {
    if (train.classes() != test.classes()) {
      throw new IllegalArgumentException(
          "train has " + train.classes() + " classes, test has " + test.classes());
    }
  }
}
