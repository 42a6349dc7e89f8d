package dev.taper.experiment;

/**
 * An experiment's status, derived from its stages by the database function {@code
 * experiment_status}: RUNNING while any stage runs (or some have finished and others wait),
 * CANCELLED or FAILED once every stage has ended and one was cancelled or failed, else SUCCEEDED.
 */
public enum ExperimentStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED
}
