package dev.taper.training;

/** Polled by a stage between optimiser steps; a stage that sees it set throws. */
@FunctionalInterface
public interface CancellationToken {

  CancellationToken NEVER = () -> false;

  boolean isCancellationRequested();

  /**
   * Whether the stop hands the job back for another attempt to resume (its worker is shutting
   * down), so the stage saves a checkpoint of what it has done before it throws; false for a
   * cancellation, which nothing resumes.
   */
  default boolean handsBack() {
    return false;
  }

  default void throwIfCancelled() {
    if (isCancellationRequested()) {
      throw new StageCancelledException();
    }
  }
}
