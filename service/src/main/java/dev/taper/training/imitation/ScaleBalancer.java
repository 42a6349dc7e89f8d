package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.taper.training.family.MlpArchitecture;
import dev.taper.training.family.Network;
import dev.taper.training.loop.InPlace;

/**
 * Rescales the merged thin network so every hidden unit has unit root-mean-square activation on
 * a probe batch, without changing the function it computes: ReLU is positively homogeneous, so
 * dividing unit j's incoming weights and bias by s_j and multiplying its outgoing weights by s_j
 * is exact. Imitation leaves units at arbitrary scales (the lifts absorbed them); fine-tuning
 * with Adam, whose steps have a fixed size per parameter, learns best from the scale a fresh
 * initialisation would have.
 */
final class ScaleBalancer {

  private ScaleBalancer() {}

  static void balance(Network thin, NDArray probe, NDManager scope) {
    if (!(thin.architecture() instanceof MlpArchitecture)) {
      return;
    }
    ParameterStore store = new ParameterStore(thin.manager(), false);
    NDArray h = probe;
    for (int i = 0; i < thin.layerCount(); i++) {
      h = thin.forwardLayer(store, i, h, false);
      NDArray rms = h.square().mean(new int[] {0}).sqrt();
      // a dead unit keeps its scale: there is nothing to normalise
      NDArray scale = NDArrays.where(rms.gt(1e-6f), rms, scope.ones(rms.getShape()));
      Linear incoming = thin.firstAffine(i);
      Linear outgoing =
          i + 1 < thin.layerCount() ? thin.firstAffine(i + 1) : (Linear) thin.head();
      // scope-owned operands first, so every temporary belongs to the scope
      NDArray inverse = scale.pow(-1);
      NDArray w = weight(incoming);
      InPlace.copy(inverse.reshape(-1, 1).mul(w), w);
      NDArray b = bias(incoming);
      InPlace.copy(inverse.mul(b), b);
      NDArray next = weight(outgoing);
      InPlace.copy(scale.reshape(1, -1).mul(next), next);
      h = inverse.reshape(1, -1).mul(h);
    }
  }

  private static NDArray weight(Linear linear) {
    return linear.getParameters().get("weight").getArray();
  }

  private static NDArray bias(Linear linear) {
    return linear.getParameters().get("bias").getArray();
  }
}
