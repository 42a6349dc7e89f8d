package dev.taper.training;

/**
 * A snapshot of a running stage.
 *
 * @param phase e.g. {@code train}, {@code imitate}, {@code head}, {@code evaluate}
 * @param layer current imitation layer (0-based), or -1 outside imitation
 * @param layers number of imitation layers (L + 1), or 0 outside imitation
 * @param step optimiser steps done in this stage
 * @param totalSteps optimiser steps this stage will take
 * @param loss recent training loss
 * @param samplesPerSecond recent throughput
 * @param etaSeconds estimated seconds left in this stage
 * @param learningRate the optimiser's learning rate at this step, or NaN where none is known
 */
public record Progress(
    String phase,
    int layer,
    int layers,
    long step,
    long totalSteps,
    double loss,
    double samplesPerSecond,
    double etaSeconds,
    double learningRate) {

  /** A report that knows no learning rate. */
  public Progress(
      String phase,
      int layer,
      int layers,
      long step,
      long totalSteps,
      double loss,
      double samplesPerSecond,
      double etaSeconds) {
    this(phase, layer, layers, step, totalSteps, loss, samplesPerSecond, etaSeconds, Double.NaN);
  }
}
