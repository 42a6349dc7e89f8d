package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Root mean square of every element, accumulated in float64 (activations can be in the 1e3s). */
final class Rms {

  private Rms() {}

  static double of(NDArray x) {
    try (NDArray wide = x.toType(DataType.FLOAT64, true)) {
      return Math.sqrt(wide.square().mean().getDouble());
    }
  }
}
