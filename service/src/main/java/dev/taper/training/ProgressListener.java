package dev.taper.training;

/** Receives progress from a running stage, a few times a second at most. */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = progress -> {};

  void onProgress(Progress progress);

  /** A supervised stage measured validation accuracy (a fraction) at the end of an epoch. */
  default void onValidation(int epoch, double accuracy) {}
}
