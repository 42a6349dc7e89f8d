package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.loop.InPlace;

/**
 * Rescales a merged network whose layers are an affine map and a ReLU ({@link
 * dev.taper.training.family.ModelFamily#layersArePositivelyHomogeneous}) so that every layer's
 * output has an RMS of 1 on a batch, without changing what it computes: ReLU(x / s) = ReLU(x) / s
 * for s > 0, so dividing layer i's weights and bias by s and multiplying the next affine map's
 * weights by s gives the same logits.
 *
 * <p>Why: imitation matches each thin layer's output to the wide one's through the pair's lift,
 * which absorbs any scale, so after a deep imitation the merged network's activations can be in the
 * thousands. The function is right, but fine-tuning then moves every weight by about the learning
 * rate per step, which at that scale moves the logits by orders of magnitude more than intended: a
 * depth-24, width-16 MLP's fine-tuning loss went to 1e11 at every learning rate of the grid.
 */
final class ActivationBalance {

  private ActivationBalance() {}

  /**
   * Balances {@code network} on the examples {@code x}; a layer that outputs only zeros stays. A
   * network of a family whose layers are not positively homogeneous (a tanh, say) is left as it is.
   */
  static void balance(Network network, NDArray x, NDManager scope) {
    if (!ModelFamilies.get(network.architecture().family()).layersArePositivelyHomogeneous()) {
      return;
    }
    ParameterStore store = new ParameterStore(network.manager(), false);
    NDArray h = x;
    for (int i = 0; i < network.layerCount(); i++) {
      h = network.forwardLayer(store, i, h, false);
      double rms = Rms.of(h);
      if (!(rms > 0) || !Double.isFinite(rms)) {
        continue;
      }
      Linear own = network.firstAffine(i);
      Linear next = i + 1 < network.layerCount() ? network.firstAffine(i + 1) : network.readout();
      scale(own, "weight", 1 / rms, scope);
      scale(own, "bias", 1 / rms, scope);
      scale(next, "weight", rms, scope);
      h = h.div((float) rms);
    }
  }

  private static void scale(Linear linear, String name, double factor, NDManager scope) {
    InPlace.scale(linear.getParameters().get(name).getArray(), factor, scope);
  }
}
