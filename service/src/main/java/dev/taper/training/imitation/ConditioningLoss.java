package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.taper.training.ImitationConfig.FeatureConditioning;
import dev.taper.training.family.Scalars;

/**
 * The feature-conditioning terms of {@link FeatureConditioning} for one thin layer's output: every
 * example and position is a sample, every feature (or channel) a unit.
 */
final class ConditioningLoss {

  /** Keeps a unit that does not vary from dividing by zero. */
  private static final float EPSILON = 1e-5f;

  private ConditioningLoss() {}

  static NDArray of(NDArray features, FeatureConditioning conditioning) {
    NDArray tokens = TokenComparison.asTokens(features);
    long units = tokens.getShape().get(2);
    NDArray samples = tokens.reshape(-1, units);
    long n = samples.getShape().get(0);
    NDArray centred = samples.sub(samples.mean(new int[] {0}, true));
    NDArray std = Scalars.add(centred.square().mean(new int[] {0}), EPSILON).sqrt();
    NDArray total = null;
    if (conditioning.varianceWeight() > 0) {
      // relu, not maximum(0): a Number operand is freed before autograd reads it (Scalars)
      NDArray shortfall = Activation.relu(Scalars.add(std.div(std.mean()).neg(), 1)).mean();
      total = Scalars.mul(shortfall, conditioning.varianceWeight());
    }
    if (conditioning.decorrelationWeight() > 0 && units > 1) {
      NDArray z = centred.div(std);
      NDArray correlation = Scalars.mul(z.transpose().matMul(z), 1.0 / n);
      NDArray offDiagonal =
          Scalars.add(
                  samples.getManager().eye((int) units).toDevice(samples.getDevice(), false).neg(),
                  1)
              .toType(correlation.getDataType(), false);
      NDArray meanSquare =
          Scalars.mul(correlation.mul(offDiagonal).square().sum(), 1.0 / (units * (units - 1)));
      NDArray term = Scalars.mul(meanSquare, conditioning.decorrelationWeight());
      total = total == null ? term : total.add(term);
    }
    // a single unit has no correlations: nothing to penalise
    return total == null ? Scalars.mul(std.sum(), 0) : total;
  }
}
