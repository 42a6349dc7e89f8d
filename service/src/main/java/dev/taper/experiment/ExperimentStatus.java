package dev.taper.experiment;

/**
 * An experiment's status, derived from its stages by the database function {@code
 * experiment_status}: QUEUED until a stage starts, RUNNING while any stage runs or waits after
 * another started, CANCELLED or FAILED once every stage has ended and one was cancelled or failed,
 * else SUCCEEDED. Exports requested later for one of its models are their own jobs and do not
 * count.
 */
public enum ExperimentStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  /** Whether every stage has ended: nothing is left to cancel. */
  public boolean isFinished() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
