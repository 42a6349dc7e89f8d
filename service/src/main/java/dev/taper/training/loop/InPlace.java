package dev.taper.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/** Writes values into an existing array's storage, so views of it (and views it is) see them. */
public final class InPlace {

  private InPlace() {}

  /**
   * Copies {@code source} into {@code target} element by element. Unlike {@link NDArray#copyTo},
   * this never swaps the target's storage, which matters when the target is a view into a flat
   * parameter tensor.
   */
  public static void copy(NDArray source, NDArray target) {
    if (!source.getShape().equals(target.getShape())) {
      throw new IllegalArgumentException(
          "cannot copy shape " + source.getShape() + " into " + target.getShape());
    }
    target.set(new NDIndex().addAllDim(), source);
  }

  /**
   * Multiplies {@code values} by {@code factor} in place, the product formed in float64 and rounded
   * once; the temporaries belong to {@code scope}.
   */
  public static void scale(NDArray values, double factor, NDManager scope) {
    NDArray scaled = values.toType(DataType.FLOAT64, true).mul(factor);
    scaled.attach(scope);
    copy(scaled.toType(DataType.FLOAT32, false), values);
  }
}
