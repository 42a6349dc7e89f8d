package dev.taper.queue;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a stage job. Every status change the queue makes is one of the moves allowed here,
 * and where a running attempt goes when it ends is decided here too ({@link #afterFailure}, {@link
 * #afterLeaseExpired}, {@link #afterHandBack}): the SQL writes the status it is given and selects
 * its source statuses from {@link #movableTo}.
 */
public enum JobStatus {
  /** Waiting for the job it depends on to succeed. */
  BLOCKED,
  /** Runnable once {@code run_after} has passed. */
  QUEUED,
  /** Leased by a worker. */
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  /** Never ran: a job it depends on failed for good or was cancelled. */
  SKIPPED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == SKIPPED;
  }

  public boolean canMoveTo(JobStatus next) {
    return switch (this) {
      case BLOCKED -> next == QUEUED || next == SKIPPED || next == CANCELLED;
      case QUEUED -> next == RUNNING || next == CANCELLED;
      // QUEUED again: a retry after a failure, a reclaimed lease, or a worker shutting down
      case RUNNING -> next == SUCCEEDED || next == FAILED || next == CANCELLED || next == QUEUED;
      case SUCCEEDED, FAILED, CANCELLED, SKIPPED -> false;
    };
  }

  /**
   * Where a running attempt goes when it throws: back to the queue when the failure may pass and
   * attempts are left, else FAILED; CANCELLED whatever happened when cancellation was requested.
   */
  public static JobStatus afterFailure(
      boolean cancelRequested, boolean retryable, boolean attemptsLeft) {
    if (cancelRequested) {
      return RUNNING.moveTo(CANCELLED);
    }
    return RUNNING.moveTo(retryable && attemptsLeft ? QUEUED : FAILED);
  }

  /** Where a running job goes when its worker stopped heartbeating: as for a retryable failure. */
  public static JobStatus afterLeaseExpired(boolean cancelRequested, boolean attemptsLeft) {
    return afterFailure(cancelRequested, true, attemptsLeft);
  }

  /** Where a job goes that its worker hands back at shutdown, without counting the attempt. */
  public static JobStatus afterHandBack(boolean cancelRequested) {
    return RUNNING.moveTo(cancelRequested ? CANCELLED : QUEUED);
  }

  /** Returns {@code next}, or throws when this status may not move there. */
  public JobStatus moveTo(JobStatus next) {
    if (!canMoveTo(next)) {
      throw new IllegalJobTransitionException(this, next);
    }
    return next;
  }

  /** The statuses a job may be in to move to {@code next}. */
  public static Set<JobStatus> movableTo(JobStatus next) {
    EnumSet<JobStatus> sources = EnumSet.noneOf(JobStatus.class);
    for (JobStatus status : values()) {
      if (status.canMoveTo(next)) {
        sources.add(status);
      }
    }
    return sources;
  }

  /** Thrown for a move {@link JobStatus} does not allow. */
  public static final class IllegalJobTransitionException extends IllegalStateException {
    IllegalJobTransitionException(JobStatus from, JobStatus to) {
      super("a stage job cannot move from " + from + " to " + to);
    }
  }
}
