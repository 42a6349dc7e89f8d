package dev.taper.training;

/**
 * Supervised training on the labels in batches. {@code epochs} may be fractional: a baseline whose
 * thin-network budget matches imitation plus fine-tuning gets exactly as many examples, {@code
 * round(epochs * trainSize / batchSize)} optimiser steps.
 *
 * @param epochs the budget: with early stopping, the most epochs training may take
 */
public record TrainConfig(
    double epochs, int batchSize, OptimizerConfig optimizer, EarlyStopping earlyStopping) {

  public TrainConfig(double epochs, int batchSize, OptimizerConfig optimizer) {
    this(epochs, batchSize, optimizer, EarlyStopping.NONE);
  }

  public TrainConfig {
    if (!(epochs > 0)) {
      throw new IllegalArgumentException("epochs must be > 0, was " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
    }
    if (earlyStopping == null) {
      earlyStopping = EarlyStopping.NONE;
    }
  }

  public long totalSteps(int trainSize) {
    return Math.max(1, Math.round(epochs * trainSize / batchSize));
  }

  public TrainConfig withEpochs(double newEpochs) {
    return new TrainConfig(newEpochs, batchSize, optimizer, earlyStopping);
  }
}
