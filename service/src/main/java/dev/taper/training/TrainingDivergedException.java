package dev.taper.training;

/**
 * Training produced a non-finite loss or parameters, imitation's loss ran far above where its phase
 * started, or imitation left a layer that no example switches on. The stage fails with this reason
 * rather than report a model that is not one; the same inputs would diverge again, so it is not
 * retried.
 */
public final class TrainingDivergedException extends RepeatableFailureException {

  public TrainingDivergedException(String message) {
    super(message);
  }
}
