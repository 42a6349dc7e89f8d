package dev.taper.training;

/**
 * Supervised training on the labels in batches. {@code epochs} may be fractional: a baseline whose
 * thin-network budget matches imitation plus fine-tuning gets exactly as many examples, {@code
 * round(epochs * trainSize / batchSize)} optimiser steps.
 *
 * @param epochs the budget: with early stopping, the most epochs training may take
 * @param headEpochs the first epochs of {@code epochs} train only the network's head (a linear
 *     probe on its features, then everything); 0 trains everything from the first step
 * @param calibrateHead before the first step, fit a temperature to the logits on training examples
 *     and fold it into the read-out ({@code HeadCalibration}); for fine-tuning an imitated network
 */
public record TrainConfig(
    double epochs,
    int batchSize,
    OptimizerConfig optimizer,
    EarlyStopping earlyStopping,
    double headEpochs,
    boolean calibrateHead) {

  public TrainConfig(double epochs, int batchSize, OptimizerConfig optimizer) {
    this(epochs, batchSize, optimizer, EarlyStopping.NONE, 0, false);
  }

  public TrainConfig(
      double epochs, int batchSize, OptimizerConfig optimizer, EarlyStopping earlyStopping) {
    this(epochs, batchSize, optimizer, earlyStopping, 0, false);
  }

  public TrainConfig {
    if (!(epochs > 0)) {
      throw new IllegalArgumentException("epochs must be > 0, was " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
    }
    if (!(headEpochs >= 0 && headEpochs < epochs)) {
      throw new IllegalArgumentException(
          "headEpochs must be >= 0 and below epochs (" + epochs + "), was " + headEpochs);
    }
    if (earlyStopping == null) {
      earlyStopping = EarlyStopping.NONE;
    }
  }

  public long totalSteps(int trainSize) {
    return Math.max(1, Math.round(epochs * trainSize / batchSize));
  }

  /** The first steps, which train the head only: at least one when asked for, never all. */
  public long headSteps(int trainSize) {
    if (headEpochs == 0) {
      return 0;
    }
    long total = totalSteps(trainSize);
    return Math.min(total - 1, Math.max(1, Math.round(headEpochs * trainSize / batchSize)));
  }

  /** The same training for another budget; the head-only epochs stay. */
  public TrainConfig withEpochs(double newEpochs) {
    return new TrainConfig(
        newEpochs, batchSize, optimizer, earlyStopping, headEpochs, calibrateHead);
  }

  public TrainConfig withEarlyStopping(EarlyStopping newEarlyStopping) {
    return new TrainConfig(
        epochs, batchSize, optimizer, newEarlyStopping, headEpochs, calibrateHead);
  }

  public TrainConfig withHeadEpochs(double newHeadEpochs) {
    return new TrainConfig(
        epochs, batchSize, optimizer, earlyStopping, newHeadEpochs, calibrateHead);
  }

  public TrainConfig withCalibrateHead(boolean newCalibrateHead) {
    return new TrainConfig(
        epochs, batchSize, optimizer, earlyStopping, headEpochs, newCalibrateHead);
  }

  public TrainConfig withLearningRate(double learningRate) {
    return new TrainConfig(
        epochs,
        batchSize,
        optimizer.withLearningRate(learningRate),
        earlyStopping,
        headEpochs,
        calibrateHead);
  }
}
