package dev.taper.dataset;

/** How a registered dataset's files are laid out. */
public enum DatasetFormat {
  /** IDX image and label files (the MNIST layout): a training pair and a test pair. */
  IDX,
  /** CSV with the label in the first column and the features after it. */
  CSV
}
