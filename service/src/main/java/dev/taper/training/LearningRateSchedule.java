package dev.taper.training;

/** Learning rate over the steps of a run, after an optional linear warm-up. */
public enum LearningRateSchedule implements WireName {
  CONSTANT,
  COSINE;

  /** The multiplier of the peak learning rate at {@code step} (0-based) of {@code total}. */
  public double factor(long step, long total, int warmupSteps) {
    if (warmupSteps > 0 && step < warmupSteps) {
      return (step + 1) / (double) warmupSteps;
    }
    if (this == CONSTANT || total <= warmupSteps) {
      return 1.0;
    }
    double progress = (step - warmupSteps) / (double) Math.max(1, total - warmupSteps);
    return 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, progress)));
  }
}
