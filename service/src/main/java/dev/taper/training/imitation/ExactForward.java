package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import dev.taper.training.family.MlpArchitecture;
import dev.taper.training.family.Network;

/**
 * S-bar and the merged network evaluated in float64, to check that the merge is exact as
 * mathematics rather than as two float32 programs with different rounding: after imitation the
 * logits are large (they imitate B's), and float32 rounding alone can then differ by 1e-4. Applies
 * to families with imitation pairs, whose layers are Linear then ReLU.
 */
final class ExactForward {

  private ExactForward() {}

  static NDArray sBarLogits(Network thin, ImitationPairs pairs, NDArray x, NDManager scope) {
    requireMlp(thin);
    NDArray h = x.toType(DataType.FLOAT64, true);
    h.attach(scope);
    for (int i = 0; i < thin.layerCount(); i++) {
      if (i > 0) {
        h = affine(pairs.dropLayer(i), affine(pairs.liftLayer(i - 1), h, scope), scope);
      }
      h = Activation.relu(affine(thin.firstAffine(i), h, scope));
    }
    return affine(thin.readout(), h, scope);
  }

  static NDArray logits(Network thin, NDArray x, NDManager scope) {
    requireMlp(thin);
    NDArray h = x.toType(DataType.FLOAT64, true);
    h.attach(scope);
    for (int i = 0; i < thin.layerCount(); i++) {
      h = Activation.relu(affine(thin.firstAffine(i), h, scope));
    }
    return affine(thin.readout(), h, scope);
  }

  private static NDArray affine(Linear linear, NDArray h, NDManager scope) {
    NDArray w = linear.getParameters().get("weight").getArray().toType(DataType.FLOAT64, true);
    NDArray b = linear.getParameters().get("bias").getArray().toType(DataType.FLOAT64, true);
    w.attach(scope);
    b.attach(scope);
    return Linear.linear(h, w, b).singletonOrThrow();
  }

  private static void requireMlp(Network thin) {
    if (!(thin.architecture() instanceof MlpArchitecture)) {
      throw new IllegalArgumentException(
          "exact forward is defined for the mlp family, not " + thin.architecture().family());
    }
  }
}
