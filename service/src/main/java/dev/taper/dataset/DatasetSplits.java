package dev.taper.dataset;

/**
 * A dataset prepared for training: normalised with the training split's statistics, shuffled
 * deterministically from a seed, with a validation split held out of the training examples.
 *
 * @param name the registered dataset name, e.g. {@code fashion-mnist}
 * @param sha256 content hash of the source files (part of a model's fingerprint)
 */
public record DatasetSplits(
    String name, String sha256, LabeledData train, LabeledData validation, LabeledData test) {

  public long[] exampleShape() {
    return train.exampleShape();
  }

  public int classes() {
    return train.classes();
  }
}
