package dev.taper.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.taper.training.JumpRecovery;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One stretch of a stage's training with its own optimiser: a supervised stage is one phase;
 * imitation has one phase per layer (or one joint phase), then the head phase. {@link TrainingLoop}
 * runs the phases in order and does everything they share.
 */
public interface TrainingPhase {

  /** Optimiser steps of this phase. */
  long steps();

  /**
   * FLOPs one training example costs in a step of this phase, counted as {@link PassFlops} says:
   * what the step's forward pass runs with gradients three times, what it runs without once.
   */
  double flopsPerExample();

  /**
   * FLOPs of the work {@link #start} does before the first step (the fits a phase starts from),
   * counted as {@link PassFlops} says; 0 for a phase that fits nothing.
   */
  default double startFlops() {
    return 0;
  }

  /** The optimiser of this phase's parameters; the loop closes it when the phase ends. */
  FusedOptimizer openOptimizer(NDManager owner);

  /**
   * Prepares a phase that starts afresh (not one resumed part-way) and returns the loss its
   * parameters have before training, or NaN when the phase does not measure one.
   */
  double start();

  /**
   * Runs the forward and backward pass of one step and returns its loss; the gradients stay on the
   * parameters for the optimiser.
   *
   * @param step the stage's step number, which decides the batch
   * @param scope native memory of this step, closed after it
   */
  NDArray step(long step, NDManager scope);

  /** Called after every step, before the loop decides whether to stop or checkpoint. */
  default void afterStep(long phaseStep) {}

  /** Whether a checkpoint is due after this phase's step, e.g. because an epoch ended. */
  boolean boundaryAfter(long phaseStep);

  /** Whether the phase ends after this step although steps remain (early stopping). */
  default boolean stopAfter(long phaseStep) {
    return false;
  }

  /** What the phase must carry through a checkpoint besides parameters and optimiser state. */
  default PhaseState state() {
    return PhaseState.NONE;
  }

  /**
   * How the loop watches this phase's loss for jumps and recovers from them; empty where the
   * training loss is no guide (a supervised phase's loss is judged on validation data).
   */
  default Optional<JumpRecovery> jumpRecovery() {
    return Optional.empty();
  }

  /** Takes back the state a checkpoint of this phase carried, before the phase resumes. */
  default void restore(PhaseState state) {}

  /**
   * Ends the phase and returns the loss after its last step, or empty when the phase does not
   * measure one. A measured loss that is not finite fails the stage.
   */
  OptionalDouble finish();

  /** What progress reports call this phase ({@code train}, {@code imitate}, {@code head}). */
  String name();

  /** The imitation layer this phase trains (or -1), and how many there are (or 0). */
  default int layer() {
    return -1;
  }

  default int layers() {
    return 0;
  }
}
