package dev.taper.queue;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The optional claim audit ({@code taper.queue.audit-claims}, off by default): one {@code
 * job_claim_audit} row per lease the queue grants, written by the claim statement itself, extended
 * by each heartbeat's own statement, and closed in the transaction that ends the attempt. With it a
 * soak can check afterwards, in SQL, that no job was ever claimed while an earlier lease on it was
 * still live. Off, every statement is exactly the unaudited one.
 */
final class ClaimAudit {

  private final JdbcClient jdbc;
  private final boolean enabled;

  ClaimAudit(JdbcClient jdbc, boolean enabled) {
    this.jdbc = jdbc;
    this.enabled = enabled;
  }

  /**
   * The claim statement, which must return {@code id}, {@code version} and {@code lease_expires_at}
   * and bind {@code :worker}; when auditing, the same statement also records the claim, so a claim
   * is never granted unrecorded nor recorded ungranted.
   */
  String claim(String claimStatement) {
    if (!enabled) {
      return claimStatement;
    }
    return """
        with claimed as (%s),
             audited as (insert into job_claim_audit
                                 (job_id, version, worker, claimed_at, lease_expires_at)
                          select id, version, :worker, now(), lease_expires_at from claimed)
        select * from claimed
        """
        .formatted(claimStatement);
  }

  /**
   * The heartbeat statement, which must return {@code id}, {@code version} and {@code
   * lease_expires_at}; when auditing, the same statement also records the lease's new expiry.
   */
  String heartbeat(String heartbeatStatement) {
    if (!enabled) {
      return heartbeatStatement;
    }
    return """
        with beat as (%s),
             audited as (update job_claim_audit a
                            set lease_expires_at = beat.lease_expires_at,
                                heartbeats = a.heartbeats + 1
                           from beat
                          where a.job_id = beat.id and a.version = beat.version)
        select * from beat
        """
        .formatted(heartbeatStatement);
  }

  /**
   * Records that the attempt holding {@code lease} ended with the job moving to {@code next}; call
   * it in the transaction that ends the attempt.
   *
   * @param reclaimed whether the reclaimer took the job back (its holder stopped heartbeating)
   *     rather than the holder ending the attempt itself
   */
  void ended(Lease lease, JobStatus next, boolean reclaimed) {
    if (!enabled) {
      return;
    }
    jdbc.sql(
            """
            update job_claim_audit set ended_at = now(), ended_as = :next, reclaimed = :reclaimed
             where job_id = :id and version = :version
            """)
        .param("next", next.name())
        .param("reclaimed", reclaimed)
        .param("id", lease.jobId())
        .param("version", lease.version())
        .update();
  }
}
