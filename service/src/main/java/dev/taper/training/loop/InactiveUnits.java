package dev.taper.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.taper.training.family.Network;
import java.util.ArrayList;
import java.util.List;

/**
 * How much of each layer no example switches on: the share of a layer's output units (every element
 * of one example's output) that are exactly zero on every one of the first training examples, in
 * inference mode. For a ReLU layer that is the share of dead units, which no gradient brings back;
 * layers that do not end in a ReLU (the Transformer's residual stream) read 0.
 *
 * <p>Why: a deep, thin network that imitation or training left with dead units has lost width it
 * cannot recover, and its accuracy says so only indirectly. Reporting the share per layer with
 * every model makes that visible: before imitation standardised each unit's inputs, 10 to 13 of the
 * 16 units in the depth-24 MLP's middle layers died during imitation.
 */
public final class InactiveUnits {

  /** Examples a unit must stay at zero on to count as inactive. */
  public static final int EXAMPLES = 512;

  private static final int CHUNK = 128;

  private InactiveUnits() {}

  /**
   * @return one share in [0, 1] per layer, bottom up; empty for an empty split
   */
  public static List<Double> perLayer(Network network, DeviceSplit split) {
    int n = Math.min(EXAMPLES, split.size());
    if (n == 0) {
      return List.of();
    }
    ParameterStore store = new ParameterStore(network.manager(), false);
    NDArray[] largest = new NDArray[network.layerCount()];
    try (NDManager scope = network.manager().newSubManager()) {
      // in chunks, so that a wide convolutional layer's outputs never all sit in memory at once
      for (int from = 0; from < n; from += CHUNK) {
        try (NDManager chunk = scope.newSubManager()) {
          NDArray h = split.featureRange(from, Math.min(n, from + CHUNK), chunk);
          for (int i = 0; i < largest.length; i++) {
            h = network.forwardLayer(store, i, h, false);
            NDArray chunkLargest = h.abs().max(new int[] {0});
            NDArray running = largest[i] == null ? chunkLargest : largest[i].maximum(chunkLargest);
            running.attach(scope);
            largest[i] = running;
          }
        }
      }
      List<Double> shares = new ArrayList<>(largest.length);
      for (NDArray units : largest) {
        long active = units.countNonzero().getLong();
        shares.add((units.size() - active) / (double) units.size());
      }
      return List.copyOf(shares);
    }
  }
}
