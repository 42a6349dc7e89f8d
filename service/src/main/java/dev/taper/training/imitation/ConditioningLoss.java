package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import dev.taper.training.ImitationConfig.FeatureConditioning;
import dev.taper.training.family.Scalars;
import java.util.List;

/**
 * The feature-conditioning terms of {@link FeatureConditioning} for thin layers' outputs: every
 * example and position is a sample, every feature (or channel) a unit.
 */
final class ConditioningLoss {

  /** Keeps a unit that does not vary from dividing by zero. */
  private static final float EPSILON = 1e-5f;

  private ConditioningLoss() {}

  /**
   * The terms of each of several layers whose outputs share a shape, computed together: one value
   * per layer, each with the arithmetic it gets alone (one layer is a list of one).
   */
  static NDArray perLayer(List<NDArray> layers, FeatureConditioning conditioning) {
    NDList samples = new NDList(layers.size());
    for (NDArray features : layers) {
      NDArray tokens = TokenComparison.asTokens(features);
      samples.add(tokens.reshape(-1, tokens.getShape().get(2)));
    }
    return perLayer(NDArrays.stack(samples), conditioning);
  }

  /**
   * @param samples (layers, samples, units)
   */
  private static NDArray perLayer(NDArray samples, FeatureConditioning conditioning) {
    long layers = samples.getShape().get(0);
    long n = samples.getShape().get(1);
    long units = samples.getShape().get(2);
    NDArray centred = samples.sub(samples.mean(new int[] {1}, true));
    NDArray std = Scalars.add(centred.square().mean(new int[] {1}, true), EPSILON).sqrt();
    NDArray total = null;
    if (conditioning.varianceWeight() > 0) {
      // relu, not maximum(0): a Number operand is freed before autograd reads it (Scalars)
      NDArray shortfall =
          Activation.relu(Scalars.add(std.div(std.mean(new int[] {2}, true)).neg(), 1))
              .reshape(layers, units)
              .mean(new int[] {1});
      total = Scalars.mul(shortfall, conditioning.varianceWeight());
    }
    if (conditioning.decorrelationWeight() > 0 && units > 1) {
      NDArray z = centred.div(std);
      NDArray correlation = Scalars.mul(z.transpose(0, 2, 1).matMul(z), 1.0 / n);
      NDArray offDiagonal =
          Scalars.add(
                  samples.getManager().eye((int) units).toDevice(samples.getDevice(), false).neg(),
                  1)
              .toType(correlation.getDataType(), false);
      NDArray meanSquare =
          Scalars.mul(
              correlation.mul(offDiagonal).square().reshape(layers, -1).sum(new int[] {1}),
              1.0 / (units * (units - 1)));
      NDArray term = Scalars.mul(meanSquare, conditioning.decorrelationWeight());
      total = total == null ? term : total.add(term);
    }
    // a single unit has no correlations: nothing to penalise
    return total == null ? Scalars.mul(std.reshape(layers, units).sum(new int[] {1}), 0) : total;
  }
}
