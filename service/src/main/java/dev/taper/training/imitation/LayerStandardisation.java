package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.loop.InPlace;

/**
 * A data-dependent start for a thin layer about to imitate, in families whose layers are an affine
 * map and a ReLU ({@link dev.taper.training.family.ModelFamily#layersArePositivelyHomogeneous}):
 * each unit's weights and bias are shifted and scaled so that its pre-activation has mean 0 and
 * variance 1 on the examples given, so every unit is active on about half of them.
 *
 * <p>Why: the thin layer reads the layer below through the pair's drop, whose output is the thin
 * features themselves at the phase's start: non-negative, with a large component every example
 * shares. Randomly initialised units then take the sign of that shared component on every example,
 * and half of them start (and stay) dead. In a depth-24, width-16 MLP 10 to 13 of the 16 units of
 * the middle layers were dead after progressive imitation, and the warmed network was at chance.
 */
final class LayerStandardisation {

  private static final double MIN_STD = 1e-6;

  private LayerStandardisation() {}

  /**
   * Standardises layer {@code layer} of {@code network} on {@code input}, the examples as that
   * layer receives them; does nothing for families whose layers are not an affine map and a ReLU.
   */
  static void standardise(Network network, int layer, NDArray input, NDManager scope) {
    if (!ModelFamilies.get(network.architecture().family()).layersArePositivelyHomogeneous()) {
      return;
    }
    Linear affine = network.firstAffine(layer);
    ParameterStore store = new ParameterStore(network.manager(), false);
    NDArray z =
        affine
            .forward(store, new NDList(input), false)
            .singletonOrThrow()
            .toType(DataType.FLOAT64, false);
    z.attach(scope);
    NDArray mean = z.mean(new int[] {0});
    NDArray std = z.sub(mean).square().mean(new int[] {0}).sqrt().maximum(MIN_STD);
    NDArray weight = affine.getParameters().get("weight").getArray();
    NDArray bias = affine.getParameters().get("bias").getArray();
    NDArray newWeight = weight.toType(DataType.FLOAT64, true).div(std.reshape(-1, 1));
    NDArray newBias = bias.toType(DataType.FLOAT64, true).sub(mean).div(std);
    newWeight.attach(scope);
    newBias.attach(scope);
    InPlace.copy(newWeight.toType(DataType.FLOAT32, false), weight);
    InPlace.copy(newBias.toType(DataType.FLOAT32, false), bias);
  }
}
