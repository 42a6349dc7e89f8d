package dev.taper.training;

/**
 * The loss a training phase optimises, on a fixed batch, before its first step and after its last
 * (imitation phases measure it; NaN where a phase does not), and how often its smoothed training
 * loss jumped and how often the phase rolled back from a jump ({@link JumpRecovery}).
 */
public record PhaseLoss(int phase, double start, double end, int jumps, int rollbacks) {

  /** A phase that saw no jump. */
  public PhaseLoss(int phase, double start, double end) {
    this(phase, start, end, 0, 0);
  }
}
