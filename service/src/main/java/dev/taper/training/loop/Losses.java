package dev.taper.training.loop;

import ai.djl.ndarray.NDArray;
import dev.taper.training.DistillationConfig;
import dev.taper.training.ImitationConfig.HeadLoss;
import dev.taper.training.ImitationConfig.ImitationLoss;
import dev.taper.training.family.Scalars;

/** The losses of the method (docs/method.md), each a scalar mean over the batch. */
public final class Losses {

  private static final float EPSILON = 1e-5f;

  private Losses() {}

  /** Softmax cross-entropy of logits (N, C) against int64 labels (N). */
  public static NDArray crossEntropy(NDArray logits, NDArray labels) {
    NDArray logProbabilities = logits.logSoftmax(1);
    return logProbabilities.gather(labels.reshape(-1, 1), 1).mean().neg();
  }

  /** {@code T^2 * KL(softmax(teacher / T) || softmax(student / T))}, averaged over examples. */
  public static NDArray distillation(NDArray studentLogits, NDArray teacherLogits, double t) {
    float inverseT = (float) (1 / t);
    NDArray teacherLog = Scalars.mul(teacherLogits, inverseT).logSoftmax(1);
    NDArray studentLog = Scalars.mul(studentLogits, inverseT).logSoftmax(1);
    NDArray kl = teacherLog.exp().mul(teacherLog.sub(studentLog)).sum(new int[] {1}).mean();
    return Scalars.mul(kl, (float) (t * t));
  }

  /** Labels, optionally mixed with distillation from a teacher's logits. */
  public static NDArray supervised(
      NDArray logits, NDArray labels, NDArray teacherLogits, DistillationConfig distillation) {
    NDArray ce = crossEntropy(logits, labels);
    if (teacherLogits == null || !distillation.enabled()) {
      return ce;
    }
    NDArray kd = distillation(logits, teacherLogits, distillation.temperature());
    return Scalars.mul(ce, (float) (1 - distillation.alpha()))
        .add(Scalars.mul(kd, (float) distillation.alpha()));
  }

  /**
   * {@code mse}, {@code normalized_mse} or {@code variance_normalized_mse} of several layers whose
   * outputs share a shape, stacked as (layers, N, ...): one loss per layer, each computed with the
   * arithmetic it gets alone (one layer is a stack of one). Imitation compares tokens itself.
   */
  public static NDArray imitationPerLayer(NDArray students, NDArray teachers, ImitationLoss loss) {
    return switch (loss) {
      case NORMALIZED_MSE -> meanSquaredErrorPerLayer(layerNorm(students), layerNorm(teachers));
      case VARIANCE_NORMALIZED_MSE ->
          meanSquaredErrorPerLayer(students, teachers)
              .div(Scalars.add(batchVariance(teachers), EPSILON));
      case MSE -> meanSquaredErrorPerLayer(students, teachers);
      case TOKEN_NORMALIZED_MSE ->
          throw new IllegalArgumentException("token_normalized_mse compares tokens one by one");
    };
  }

  public static NDArray head(NDArray student, NDArray teacher, HeadLoss loss, double temperature) {
    if (loss == HeadLoss.MSE) {
      return meanSquaredError(student, teacher);
    }
    return distillation(student, teacher, temperature);
  }

  public static NDArray meanSquaredError(NDArray a, NDArray b) {
    return a.sub(b).square().mean();
  }

  private static NDArray meanSquaredErrorPerLayer(NDArray a, NDArray b) {
    return a.sub(b).square().reshape(a.getShape().get(0), -1).mean(new int[] {1});
  }

  /**
   * Each layer's variance of each element across the batch, averaged over elements; a constant of
   * the loss (the teacher records no gradient).
   */
  private static NDArray batchVariance(NDArray layers) {
    NDArray flat = flatten(layers);
    NDArray deviation = flat.sub(flat.mean(new int[] {1}, true)).square();
    return deviation.reshape(layers.getShape().get(0), -1).mean(new int[] {1});
  }

  /** Per-example normalisation over every non-batch dimension, without parameters. */
  private static NDArray layerNorm(NDArray layers) {
    NDArray flat = flatten(layers);
    NDArray mean = flat.mean(new int[] {2}, true);
    NDArray centred = flat.sub(mean);
    NDArray variance = centred.square().mean(new int[] {2}, true);
    return centred.div(Scalars.add(variance, EPSILON).sqrt());
  }

  /** (layers, N, ...) as (layers, N, features). */
  private static NDArray flatten(NDArray layers) {
    return layers.reshape(layers.getShape().get(0), layers.getShape().get(1), -1);
  }
}
