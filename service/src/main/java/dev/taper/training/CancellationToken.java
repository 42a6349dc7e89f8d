package dev.taper.training;

/** Polled by a stage between optimiser steps; a stage that sees it set throws. */
@FunctionalInterface
public interface CancellationToken {

  CancellationToken NEVER = () -> false;

  boolean isCancellationRequested();

  default void throwIfCancelled() {
    if (isCancellationRequested()) {
      throw new StageCancelledException();
    }
  }
}
