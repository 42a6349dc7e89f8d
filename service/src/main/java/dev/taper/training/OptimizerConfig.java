package dev.taper.training;

/**
 * How parameters move: Adam (default) or SGD with momentum, a peak learning rate, decoupled weight
 * decay, and a schedule over the optimiser steps of one run (or of one imitation phase).
 */
public record OptimizerConfig(
    Optimizer algorithm,
    double learningRate,
    double weightDecay,
    LearningRateSchedule schedule,
    int warmupSteps) {

  public static final OptimizerConfig ADAM_DEFAULT =
      new OptimizerConfig(Optimizer.ADAM, 1e-3, 0.0, LearningRateSchedule.COSINE, 0);

  public OptimizerConfig {
    if (algorithm == null || schedule == null) {
      throw new IllegalArgumentException("an optimizer needs an algorithm and a schedule");
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learningRate must be > 0, was " + learningRate);
    }
    if (weightDecay < 0) {
      throw new IllegalArgumentException("weightDecay must be >= 0, was " + weightDecay);
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("warmupSteps must be >= 0, was " + warmupSteps);
    }
  }

  public OptimizerConfig withLearningRate(double lr) {
    return new OptimizerConfig(algorithm, lr, weightDecay, schedule, warmupSteps);
  }
}
