package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.taper.training.family.Network;
import java.util.List;

/**
 * S-bar and the merged network evaluated in float64, to check that the merge is exact as
 * mathematics rather than as two float32 programs with different rounding: after imitation the
 * logits are large (they imitate B's), and float32 rounding alone can then differ by 1e-4.
 *
 * <p>Applies to the layers of families with imitation pairs: Linear maps, computed here in float64,
 * and blocks without parameters (activations), which compute in whatever type they are given.
 */
final class ExactForward {

  private ExactForward() {}

  static NDArray sBarLogits(Network thin, ImitationPairs pairs, NDArray x, NDManager scope) {
    NDArray h = asDouble(x, scope);
    for (int i = 0; i < thin.layerCount(); i++) {
      if (i > 0) {
        h = affine(pairs.dropLayer(i), affine(pairs.liftLayer(i - 1), h, scope), scope);
      }
      h = layer(thin, i, h, scope);
    }
    return affine(thin.readout(), h, scope);
  }

  static NDArray logits(Network thin, NDArray x, NDManager scope) {
    NDArray h = asDouble(x, scope);
    for (int i = 0; i < thin.layerCount(); i++) {
      h = layer(thin, i, h, scope);
    }
    return affine(thin.readout(), h, scope);
  }

  private static NDArray layer(Network thin, int i, NDArray h, NDManager scope) {
    Block layer = thin.layer(i);
    List<Block> parts =
        layer instanceof SequentialBlock sequence
            ? sequence.getChildren().values()
            : List.of(layer);
    ParameterStore none = new ParameterStore(scope, false);
    for (Block part : parts) {
      if (part instanceof Linear linear) {
        h = affine(linear, h, scope);
      } else if (part.getParameters().isEmpty()) {
        h = part.forward(none, new NDList(h), false).singletonOrThrow();
      } else {
        throw new IllegalArgumentException(
            "the exact forward pass takes Linear maps and parameter-free blocks, not " + part);
      }
    }
    return h;
  }

  private static NDArray affine(Linear linear, NDArray h, NDManager scope) {
    NDArray w = asDouble(linear.getParameters().get("weight").getArray(), scope);
    NDArray b = asDouble(linear.getParameters().get("bias").getArray(), scope);
    return Linear.linear(h, w, b).singletonOrThrow();
  }

  private static NDArray asDouble(NDArray array, NDManager scope) {
    NDArray copy = array.toType(DataType.FLOAT64, true);
    copy.attach(scope);
    return copy;
  }
}
