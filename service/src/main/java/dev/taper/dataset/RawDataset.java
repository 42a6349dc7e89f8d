package dev.taper.dataset;

import java.util.List;
import java.util.Objects;

/**
 * A dataset as read from its files, before shuffling, splitting and normalisation ({@link
 * DatasetPreparer} does those).
 *
 * @param name the registered dataset name, e.g. {@code fashion-mnist}
 * @param sha256 hex SHA-256 over the source files' bytes as stored, concatenated in a fixed order
 *     (see {@link dev.taper.storage.Sha256#ofFiles(List)}): identifies the data in a model's
 *     fingerprint
 * @param stored how the files store the feature values, which decides what an exported model reads
 */
public record RawDataset(
    String name, String sha256, LabeledData train, LabeledData test, StoredValues stored) {

  /** How a dataset's files store its feature values, and how the readers turned them to floats. */
  public enum StoredValues {
    /** Unsigned bytes, 0..255, read as {@code b / 255f}: IDX unsigned-byte images. */
    UNSIGNED_BYTES,
    /** Numbers read as stored: CSV features and IDX files of every other numeric type. */
    AS_STORED
  }

  public RawDataset {
    Objects.requireNonNull(stored, "stored");
    if (train.classes() != test.classes()) {
      throw new IllegalArgumentException(
          "train has " + train.classes() + " classes, test has " + test.classes());
    }
  }
}
