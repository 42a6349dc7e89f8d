package dev.taper.training.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A forward pass over a large batch without gradients, one layer at a time, each layer's
 * temporaries freed as soon as its output exists. A plain forward pass keeps every intermediate
 * array until its scope closes: the least-squares fit at the start of imitation's head phase runs
 * 4,096 examples through the thin and the wide ResNet, and held 10 GB that way. Layer by layer it
 * holds one layer's work, and computes exactly the same values (the same operations on the same
 * arrays).
 */
public final class LayerByLayer {

  /** Layer {@code i}'s output from its input; its temporaries may be left for the caller. */
  @FunctionalInterface
  public interface Layer {
    NDArray apply(int i, NDArray input);
  }

  private LayerByLayer() {}

  /**
   * Applies layers 0 to {@code count - 1} in turn to {@code x}.
   *
   * @param scope where the output lives; {@code x} stays where it is
   */
  public static NDArray run(NDArray x, int count, Layer layer, NDManager scope) {
    NDArray h = x;
    for (int i = 0; i < count; i++) {
      NDArray out;
      try (NDManager work = scope.newSubManager()) {
        // an operation's result lives in its input's manager: the layer's temporaries land in work
        h.tempAttach(work);
        out = layer.apply(i, h);
        out.attach(scope);
      }
      if (h != x && h != out) {
        h.close();
      }
      h = out;
    }
    return h;
  }
}
