package dev.taper.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.taper.training.TrainingDivergedException;
import java.util.List;

/**
 * The checks that stop a diverging stage: a loss that is not finite, parameters that are not (never
 * written into a checkpoint), and a phase whose loss runs far above where it started.
 */
final class Divergence {

  /**
   * How far above its start a phase's loss may go before the phase counts as diverged: a converging
   * phase's training loss stays around or below its start, and divergence seen so far ran to
   * thousands of times it.
   */
  static final double RUNAWAY_FACTOR = 10;

  /**
   * And by how much at least: a phase that starts exact (a copied embedding) has a start loss near
   * zero, where ten times is still noise.
   */
  static final double RUNAWAY_MARGIN = 1;

  /**
   * Every how many steps the training loss is read and checked (reading it waits for the device). A
   * step count, so that whether and where a run fails does not depend on the machine's speed.
   */
  static final long LOSS_CHECK_EVERY_STEPS = 10;

  private Divergence() {}

  /** Whether the loss after global step {@code step} (counted from 1) is one the loop checks. */
  static boolean isCheckStep(long step) {
    return step % LOSS_CHECK_EVERY_STEPS == 0;
  }

  static void checkLoss(String stage, TrainingPhase phase, long step, double loss, double start) {
    if (!Double.isFinite(loss)) {
      throw new TrainingDivergedException(
          stage + ": the " + where(phase) + " loss became " + loss + " by step " + step);
    }
    if (start >= 0 && loss > RUNAWAY_FACTOR * start && loss > start + RUNAWAY_MARGIN) {
      throw new TrainingDivergedException(
          String.format(
              java.util.Locale.ROOT,
              "%s: the %s loss rose from %.4g at the phase's start to %.4g by step %d",
              stage,
              where(phase),
              start,
              loss,
              step));
    }
  }

  /**
   * @throws TrainingDivergedException when any parameter holds a NaN or an infinity
   */
  static void checkParameters(String stage, List<Parameter> parameters, NDManager manager) {
    try (NDManager scope = manager.newSubManager()) {
      for (Parameter parameter : parameters) {
        // one reduction per array: a NaN or an infinity anywhere makes the sum one too
        NDArray sum = parameter.getArray().sum();
        sum.attach(scope);
        if (!Float.isFinite(sum.getFloat())) {
          throw new TrainingDivergedException(
              stage + ": parameter " + parameter.getName() + " holds NaN or infinite values");
        }
      }
    }
  }

  private static String where(TrainingPhase phase) {
    return phase.layer() < 0
        ? phase.name()
        : phase.name() + " (layer " + phase.layer() + " of " + phase.layers() + ")";
  }
}
