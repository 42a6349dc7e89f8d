package dev.taper.queue;

import java.util.Locale;

/** How one attempt at a job ended, as logs and the stage-duration meter's {@code outcome} say. */
public enum JobOutcome {
  /** The stage finished and its model is recorded. */
  SUCCEEDED,
  /** It threw and goes back to the queue for another attempt. */
  RETRY,
  /** It threw and the job failed for good. */
  FAILED,
  /** It was cancelled, with its experiment or on its own. */
  CANCELLED,
  /** The worker shut down and gave the job back; its checkpoint stays. */
  HANDED_BACK,
  /** Another worker holds the job now: this one stopped heartbeating in time. */
  LEASE_LOST,
  /** The end could not be written (database gone?); the lease expires and the job is reclaimed. */
  UNRECORDED;

  /** The meter tag and log word, e.g. {@code handed_back}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The outcome of an attempt whose job moved to {@code status} after it threw. */
  public static JobOutcome ofFailure(JobStatus status) {
    return switch (status) {
      case QUEUED -> RETRY;
      case CANCELLED -> CANCELLED;
      default -> FAILED;
    };
  }
}
