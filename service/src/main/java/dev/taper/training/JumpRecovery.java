package dev.taper.training;

/**
 * What a training phase does when its loss jumps: it rolls back to a copy of its state from before
 * the jump and goes on at a lower learning rate. A jump is a smoothed training loss (an exponential
 * moving average of the loss read every few steps) above {@code jumpFactor} times the lowest it has
 * been in the phase. Imitation at a high rate can jump that way and never come back (units that a
 * large step switched off stay off); the divergence check, which fires at ten times the phase's
 * starting loss, does not see it.
 *
 * <p>The step count goes on: the steps between the copy and the jump are spent, so the phase's
 * budget, and the examples it sees, are those of a run without a jump.
 *
 * @param jumpFactor how far above its lowest the smoothed loss may rise before it counts as a jump
 * @param rateFactor what each rollback multiplies the phase's learning rate by
 * @param maxRollbacks rollbacks allowed per phase; 0 turns recovery off (jumps are still counted)
 * @param restoreRate whether the rate returns to the schedule's once the smoothed loss is below the
 *     lowest it had reached before the jump, instead of staying lowered for the rest of the phase
 */
public record JumpRecovery(
    double jumpFactor, double rateFactor, int maxRollbacks, boolean restoreRate) {

  /** Jumps are counted, never rolled back. */
  public static final JumpRecovery OFF = new JumpRecovery(1.3, 0.5, 0, false);

  /** A policy that keeps a rollback's lower rate for the rest of the phase. */
  public JumpRecovery(double jumpFactor, double rateFactor, int maxRollbacks) {
    this(jumpFactor, rateFactor, maxRollbacks, false);
  }

  public JumpRecovery {
    if (!(jumpFactor > 1)) {
      throw new IllegalArgumentException("jumpFactor must be > 1, was " + jumpFactor);
    }
    if (!(rateFactor > 0 && rateFactor <= 1)) {
      throw new IllegalArgumentException("rateFactor must be in (0, 1], was " + rateFactor);
    }
    if (maxRollbacks < 0) {
      throw new IllegalArgumentException("maxRollbacks must be >= 0, was " + maxRollbacks);
    }
  }

  public boolean enabled() {
    return maxRollbacks > 0;
  }
}
