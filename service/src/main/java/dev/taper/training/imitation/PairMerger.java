package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.core.Linear;
import dev.taper.training.family.Network;
import dev.taper.training.loop.InPlace;

/**
 * The exact merge at the end of imitation: each pair composes to one affine map on d, {@code M_i(h)
 * = V_{i+1}(U_i h) = A h + c}, folded into the first affine layer of thin layer i + 1 as {@code W'
 * = W A, b' = W c + b}. U_L is dropped. The merged network has the thin architecture exactly and
 * computes the same function as S-bar.
 */
public final class PairMerger {

  /**
   * Largest |logits(S-bar) - logits(merged)| tolerated before the merge is declared broken,
   * relative to the logits' scale ({@link #tolerance}). The fold is exact in float64; what remains
   * is the merged weights' rounding to float32, amplified by the layers above them. A shallow
   * network stays near 1e-7 of its logits, but a deep narrow one whose pairs started from a left
   * inverse (the progressive schedule at depth 48, width 8) measured 1.0e-4. A broken fold is off
   * by the logits' own order, so 1e-3 still tells the two apart by two orders of magnitude.
   */
  public static final double TOLERANCE = 1e-3;

  /**
   * How many times S-bar's own float32 rounding error the merge may differ by: the merged weights'
   * rounding to float32 perturbs the network about as much as rounding its activations does, and
   * the two amplify through the same layers.
   */
  public static final double FLOAT32_NOISE_FACTOR = 2;

  /**
   * The tolerance for logits whose largest magnitude is {@code scale}, computed by a network whose
   * own float32 evaluation differs from its float64 one by up to {@code float32Noise}.
   *
   * <p>Why both: imitated logits can be in the hundreds, where an absolute tolerance is below what
   * float32 parameters can hold; and a deep narrow network can amplify rounding so much that S-bar
   * itself, run in float32 as it was trained, is far from its float64 value (depth 64, width 8: 5.2
   * on logits up to 10.7, where the merge differed by 3.8). The merged network cannot be held to a
   * precision S-bar does not have.
   */
  public static double tolerance(double scale, double float32Noise) {
    return Math.max(TOLERANCE * Math.max(1, scale), FLOAT32_NOISE_FACTOR * float32Noise);
  }

  private PairMerger() {}

  /** Folds bridged pairs into the thin layers; projections alone leave nothing to fold. */
  public static void merge(Network thin, ImitationPairs pairs) {
    if (!pairs.bridged()) {
      return;
    }
    for (int i = 0; i + 1 < thin.layerCount(); i++) {
      try (NDManager scope = thin.manager().newSubManager()) {
        foldInto(thin.firstAffine(i + 1), pairs.liftLayer(i), pairs.dropLayer(i + 1), scope);
      }
    }
  }

  private static void foldInto(Linear target, Linear lift, Linear drop, NDManager scope) {
    // composed in float64, so only the final float32 rounding separates it from S-bar
    NDArray wu = asDouble(weight(lift), scope);
    NDArray bu = asDouble(bias(lift), scope);
    NDArray wv = asDouble(weight(drop), scope);
    NDArray bv = asDouble(bias(drop), scope);
    NDArray w = asDouble(weight(target), scope);
    NDArray b = asDouble(bias(target), scope);
    NDArray a = wv.matMul(wu);
    NDArray c = wv.matMul(bu.reshape(-1, 1)).reshape(-1).add(bv);
    NDArray mergedWeight = w.matMul(a).toType(DataType.FLOAT32, false);
    NDArray mergedBias =
        w.matMul(c.reshape(-1, 1)).reshape(-1).add(b).toType(DataType.FLOAT32, false);
    InPlace.copy(mergedWeight, weight(target));
    InPlace.copy(mergedBias, bias(target));
  }

  private static NDArray asDouble(NDArray array, NDManager scope) {
    NDArray copy = array.toType(DataType.FLOAT64, true);
    copy.attach(scope);
    return copy;
  }

  private static NDArray weight(Linear linear) {
    return linear.getParameters().get("weight").getArray();
  }

  private static NDArray bias(Linear linear) {
    return linear.getParameters().get("bias").getArray();
  }
}
