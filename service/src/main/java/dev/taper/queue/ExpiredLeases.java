package dev.taper.queue;

import static dev.taper.queue.JobStatus.QUEUED;

import dev.taper.observability.TaperMetrics;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes back running jobs whose workers stopped heartbeating. Any number of processes may do so at
 * once: each locks the rows it takes back and skips those another holds.
 */
@Service
public class ExpiredLeases {

  private final JdbcClient jdbc;
  private final TaperMetrics metrics;
  private final QueueSettings settings;
  private final DependentJobs dependants;
  private final ClaimAudit audit;

  public ExpiredLeases(JdbcClient jdbc, TaperMetrics metrics, QueueSettings settings) {
    this.jdbc = jdbc;
    this.metrics = metrics;
    this.settings = settings;
    this.dependants = new DependentJobs(jdbc);
    this.audit = new ClaimAudit(jdbc, settings.auditClaims());
  }

  /**
   * Running jobs whose lease expired are queued again after a backoff, or FAIL when their attempts
   * are spent, or are CANCELLED when that was requested ({@link JobStatus#afterLeaseExpired}).
   *
   * @return the number of jobs taken back
   */
  @Transactional
  public int reclaim() {
    return reclaim(false);
  }

  /**
   * Takes back every running job at once, lease expired or not: for a process that knows it is the
   * only one using the database (the embedded one, whose lock it holds), every lease found at
   * start-up belongs to a process that died, and waiting out the lease would only delay the resume.
   * They are queued without the retry backoff: a backoff would let the new worker claim a
   * lower-priority job first (a baseline ahead of the method's stage it interrupted) and run it to
   * the end before resuming. The attempt limit still ends a job that kills its process every time.
   *
   * @return the number of jobs taken back
   */
  @Transactional
  public int reclaimAbandoned() {
    return reclaim(true);
  }

  private int reclaim(boolean everyRunningJob) {
    List<Expired> expired =
        jdbc.sql(
                """
                select id, kind, attempt, max_attempts, cancel_requested, version, leased_by
                  from stage_job
                 where status = 'RUNNING' and (:all or lease_expires_at < now())
                   for update skip locked
                """)
            .param("all", everyRunningJob)
            .query(
                (rs, n) ->
                    new Expired(
                        new Lease(
                            rs.getLong("id"), rs.getString("leased_by"), rs.getLong("version")),
                        rs.getString("kind"),
                        rs.getInt("attempt"),
                        rs.getInt("attempt") < rs.getInt("max_attempts"),
                        rs.getBoolean("cancel_requested")))
            .list();
    for (Expired job : expired) {
      JobStatus next = JobStatus.afterLeaseExpired(job.cancelRequested(), job.attemptsLeft());
      jdbc.sql(
              """
              update stage_job
                 set status = :next, error = :error, error_attempt = attempt, leased_by = null,
                     lease_expires_at = null,
                     version = version + 1,
                     run_after = now() + make_interval(secs => :backoff),
                     queued_at = now() + make_interval(secs => :backoff),
                     finished_at = case when :terminal then now() end
               where id = :id and version = :version
              """)
          .params(StageQueue.ending(job.lease(), next))
          .param(
              "error",
              everyRunningJob
                  ? "worker " + job.lease().workerId() + " ended without finishing it"
                  : "lease expired (worker " + job.lease().workerId() + " stopped heartbeating)")
          .param(
              "backoff",
              next == QUEUED && !everyRunningJob ? settings.backoffSeconds(job.attempt()) : 0.0)
          .update();
      audit.ended(job.lease(), next, true);
      metrics.jobReclaimed(job.kind(), next == QUEUED);
      dependants.afterEnding(job.lease().jobId(), next);
    }
    return expired.size();
  }

  private record Expired(
      Lease lease, String kind, int attempt, boolean attemptsLeft, boolean cancelRequested) {}
}
