package dev.taper.training.family;

/**
 * How a family's thin layers can start from the teacher's before imitation ({@code
 * imitate.layerInit teacher_units}), which depends on what a layer is.
 */
public enum TeacherStart {
  /** The family's layers cannot start from the teacher's. */
  NONE,
  /**
   * Each layer is an affine map and a ReLU (MLP): the thin layer's units are fitted to the teacher
   * units that carry most of the teacher layer's variation.
   */
  LAYER_UNITS,
  /**
   * Each block is a residual branch that narrows to inner channels and widens back (the ResNet's
   * bottlenecks, whose inner channels are what widening multiplies): the thin branch keeps the
   * teacher's inner channels that carry most of their variation, and its last convolution is fitted
   * to what the teacher's computes.
   */
  BOTTLENECK_CHANNELS
}
