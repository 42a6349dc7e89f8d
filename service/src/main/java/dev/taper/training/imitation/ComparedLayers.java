package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.taper.training.ImitationConfig;
import dev.taper.training.ImitationConfig.ImitationLoss;
import dev.taper.training.family.Network.LayerOutput;
import dev.taper.training.family.Scalars;
import dev.taper.training.loop.Losses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The layers an imitation step compares with the teacher, and their summed loss: each layer's
 * features (lifted into the teacher's space) against the teacher's, its attention distributions,
 * and the conditioning terms of its own output.
 *
 * <p>Layers whose outputs share a shape are compared in one stacked computation. A joint step over
 * a deep network otherwise launches the same dozen small operations once per layer, forward and
 * backward, each too small to keep a core busy (stacking made the depth-48 joint recipe's imitation
 * 1.43 times as fast; benchmarks/run-imitation-speed.sh). Stacking leaves every layer's arithmetic
 * as it is alone (a test holds the two equal); only the order in which the layers' losses are added
 * up changes.
 */
final class ComparedLayers {

  /**
   * @param lifted the thin layer's output in the teacher's space
   * @param target the teacher's block output (scaled) and attention distributions
   * @param thin the thin layer's own output and attention distributions
   */
  private record Compared(NDArray lifted, LayerOutput target, LayerOutput thin) {}

  private final List<Compared> layers = new ArrayList<>();

  void add(NDArray lifted, LayerOutput target, LayerOutput thin) {
    layers.add(new Compared(lifted, target, thin));
  }

  /**
   * @param pooledToken the token the thin head reads alone, or -1
   */
  NDArray loss(ImitationConfig config, int pooledToken) {
    if (layers.isEmpty()) {
      throw new IllegalStateException("no layer to compare");
    }
    List<NDArray> terms = new ArrayList<>();
    if (config.loss() == ImitationLoss.TOKEN_NORMALIZED_MSE) {
      for (Compared layer : layers) {
        terms.add(
            TokenComparison.features(
                layer.lifted(), layer.target().output(), config.tokens(), pooledToken));
      }
    } else {
      for (List<Compared> group : sameShape(Compared::lifted)) {
        NDArray students = stack(group, Compared::lifted);
        NDArray teachers = stack(group, layer -> layer.target().output());
        terms.add(Losses.imitationPerLayer(students, teachers, config.loss()).sum());
      }
    }
    double attentionWeight = config.tokens().attentionWeight();
    if (attentionWeight > 0) {
      for (Compared layer : layers) {
        if (!layer.thin().attention().isEmpty()) {
          NDArray kl =
              TokenComparison.attention(layer.thin().attention(), layer.target().attention());
          terms.add(Scalars.mul(kl, attentionWeight));
        }
      }
    }
    if (config.conditioning().any()) {
      for (List<Compared> group : sameShape(layer -> layer.thin().output())) {
        List<NDArray> features = group.stream().map(layer -> layer.thin().output()).toList();
        terms.add(ConditioningLoss.perLayer(features, config.conditioning()).sum());
      }
    }
    NDArray total = terms.get(0);
    for (NDArray term : terms.subList(1, terms.size())) {
      total = total.add(term);
    }
    return total;
  }

  /** The layers grouped by the shape of what {@code read} picks from them, in layer order. */
  private List<List<Compared>> sameShape(Function<Compared, NDArray> read) {
    Map<Shape, List<Compared>> groups = new LinkedHashMap<>();
    for (Compared layer : layers) {
      groups.computeIfAbsent(read.apply(layer).getShape(), shape -> new ArrayList<>()).add(layer);
    }
    return List.copyOf(groups.values());
  }

  private static NDArray stack(List<Compared> group, Function<Compared, NDArray> read) {
    NDList arrays = new NDList(group.size());
    group.forEach(layer -> arrays.add(read.apply(layer)));
    return NDArrays.stack(arrays);
  }
}
