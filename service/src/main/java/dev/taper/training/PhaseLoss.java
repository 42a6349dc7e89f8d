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

  /**
   * How a phase's jumps read where its losses are shown: {@code " (1 jump, 1 rollback)"}, or
   * nothing for a phase that did not jump. A jump that was not rolled back is why a WARMED model
   * can be far worse than its phase losses suggest.
   */
  public static String jumpSummary(int jumps, int rollbacks) {
    if (jumps == 0) {
      return "";
    }
    return " (" + count(jumps, "jump") + ", " + count(rollbacks, "rollback") + ")";
  }

  private static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
