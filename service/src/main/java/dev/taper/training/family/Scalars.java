package dev.taper.training.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant, for code whose result autograd records.
 *
 * <p>DJL's {@code NDArray.mul(Number)} (likewise {@code div}, {@code add}, {@code sub}, {@code
 * pow}, {@code maximum}, ... with a {@code Number}) wraps the number in a tensor whose memory is a
 * Java direct {@code ByteBuffer} ({@code torch::from_blob}, which does not own it) and closes the
 * wrapper as soon as the call returns. Autograd keeps that tensor for the backward pass ({@code
 * MulBackward0} saves the other factor), but the buffer is now unreachable from Java: whenever the
 * garbage collector runs between the forward and the backward pass, the buffer is freed and the
 * backward pass multiplies the gradient by whatever the freed memory holds. Results then depend on
 * GC timing (machine load, heap size), not only on the seed. A tensor made by {@code
 * NDManager.full} owns its memory natively, so autograd's reference keeps it valid.
 *
 * <p>Outside autograd (no gradient collector, or operands that need no gradient) the Number
 * overloads are safe: the wrapper is only read during the call.
 */
public final class Scalars {

  private Scalars() {}

  /** {@code x * value}, safe to differentiate. */
  public static NDArray mul(NDArray x, double value) {
    try (NDArray factor = scalar(x, value)) {
      return x.mul(factor);
    }
  }

  /** {@code x + value}, safe to differentiate. */
  public static NDArray add(NDArray x, double value) {
    try (NDArray term = scalar(x, value)) {
      return x.add(term);
    }
  }

  /** A 0-d tensor of {@code x}'s type holding {@code value}, in memory that libtorch owns. */
  private static NDArray scalar(NDArray x, double value) {
    return x.getManager().full(new Shape(), (float) value, x.getDataType());
  }
}
