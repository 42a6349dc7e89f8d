package dev.taper.queue;

import java.time.Duration;

/**
 * How the queue leases and retries.
 *
 * @param lease how long a claim or heartbeat holds a job
 * @param retryBackoff wait before the second attempt; doubles with every further attempt
 * @param maxRetryBackoff the longest wait between attempts
 * @param auditClaims whether every lease is recorded in {@code job_claim_audit} ({@link
 *     ClaimAudit})
 */
public record QueueSettings(
    Duration lease, Duration retryBackoff, Duration maxRetryBackoff, boolean auditClaims) {

  public static final QueueSettings DEFAULTS =
      new QueueSettings(
          Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(5), false);

  public QueueSettings {
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive, was " + lease);
    }
  }

  /** Seconds to wait after failed attempt number {@code attempt} (1-based). */
  double backoffSeconds(int attempt) {
    double base = retryBackoff.toMillis() / 1000.0;
    double cap = maxRetryBackoff.toMillis() / 1000.0;
    return Math.min(cap, base * Math.pow(2, Math.max(0, attempt - 1)));
  }
}
