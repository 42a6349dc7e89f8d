package dev.taper.queue;

import static dev.taper.queue.JobStatus.BLOCKED;
import static dev.taper.queue.JobStatus.CANCELLED;
import static dev.taper.queue.JobStatus.QUEUED;
import static dev.taper.queue.JobStatus.RUNNING;
import static dev.taper.queue.JobStatus.SUCCEEDED;

import dev.taper.observability.TaperMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PostgreSQL job queue: plain SQL through {@link JdbcClient}. Every time comparison uses the
 * database's clock ({@code now()}), so workers on machines whose clocks disagree still agree on who
 * holds a lease. Every update made on behalf of a lease holder says {@code WHERE version = ?} and
 * checks the row count.
 */
@Service
public class StageQueue {

  /** The claim: the most urgent runnable job, locked and leased in one statement. */
  private static final String CLAIM =
      """
      update stage_job j
         set status = 'RUNNING', leased_by = :worker,
             lease_expires_at = now() + make_interval(secs => :lease),
             attempt = j.attempt + 1, version = j.version + 1,
             started_at = coalesce(j.started_at, now()), progress = null
       where j.id = (select id from stage_job
                      where status = 'QUEUED' and run_after <= now()
                        and (:gpu or not needs_gpu)
                      order by priority desc, id
                      limit 1
                        for update skip locked)
      returning j.id, j.experiment_id, j.kind, j.attempt, j.max_attempts, j.version,
                j.checkpoint_uri, j.lease_expires_at,
                extract(epoch from now() - coalesce(j.queued_at, j.created_at)) as waited
      """;

  /** A heartbeat: extends the lease its holder still has, and stores the latest progress. */
  private static final String HEARTBEAT =
      """
      update stage_job
         set lease_expires_at = now() + make_interval(secs => :lease),
             progress = coalesce(cast(:progress as jsonb), progress)
       where id = :id and version = :version and leased_by = :worker and status = 'RUNNING'
      returning id, version, lease_expires_at, cancel_requested
      """;

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final TaperMetrics metrics;
  private final QueueSettings settings;
  private final JobRows rows;
  private final DependentJobs dependants;
  private final ClaimAudit audit;
  private final String claimStatement;
  private final String heartbeatStatement;

  public StageQueue(
      JdbcClient jdbc, JsonMapper json, TaperMetrics metrics, QueueSettings settings) {
    this.jdbc = jdbc;
    this.json = json;
    this.metrics = metrics;
    this.settings = settings;
    this.rows = new JobRows(json);
    this.dependants = new DependentJobs(jdbc);
    this.audit = new ClaimAudit(jdbc, settings.auditClaims());
    this.claimStatement = audit.claim(CLAIM);
    this.heartbeatStatement = audit.heartbeat(HEARTBEAT);
  }

  public QueueSettings settings() {
    return settings;
  }

  /**
   * Inserts a plan's jobs in order, in the caller's transaction. A job that depends on another
   * starts BLOCKED, the rest QUEUED.
   *
   * @return the new jobs' ids, in plan order
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<Long> enqueue(UUID experimentId, List<NewJob> plan) {
    List<Long> ids = new ArrayList<>(plan.size());
    for (NewJob job : plan) {
      if (job.dependsOn() >= ids.size()) {
        throw new IllegalArgumentException("a job may only depend on an earlier job of its plan");
      }
      Long dependsOn = job.blocked() ? ids.get(job.dependsOn()) : null;
      JobStatus status = job.blocked() ? BLOCKED : QUEUED;
      long id =
          jdbc.sql(
                  """
                  insert into stage_job (experiment_id, kind, status, depends_on, priority,
                                         max_attempts, needs_gpu, queued_at)
                  values (:experiment, :kind, :status, :dependsOn, :priority, :maxAttempts,
                          :needsGpu, case when :status = 'QUEUED' then now() end)
                  returning id
                  """)
              .param("experiment", experimentId)
              .param("kind", job.kind())
              .param("status", status.name())
              .param("dependsOn", dependsOn)
              .param("priority", job.priority())
              .param("maxAttempts", job.maxAttempts())
              .param("needsGpu", job.needsGpu())
              .query(Long.class)
              .single();
      ids.add(id);
    }
    return ids;
  }

  /**
   * Claims the most urgent runnable job, in one statement: concurrent claimers skip the rows others
   * have locked instead of waiting for them, and no job is handed out twice.
   */
  @Transactional(propagation = Propagation.NOT_SUPPORTED)
  public Optional<ClaimedJob> claim(String workerId, boolean hasGpu) {
    Optional<ClaimedJob> claimed =
        jdbc.sql(claimStatement)
            .param("worker", workerId)
            .param("lease", seconds(settings.lease()))
            .param("gpu", hasGpu)
            .query(
                (rs, n) ->
                    new ClaimedJob(
                        rs.getLong("id"),
                        rs.getObject("experiment_id", UUID.class),
                        rs.getString("kind"),
                        rs.getInt("attempt"),
                        rs.getInt("max_attempts"),
                        rs.getString("checkpoint_uri"),
                        Duration.ofMillis(Math.max(0, Math.round(rs.getDouble("waited") * 1000))),
                        new Lease(rs.getLong("id"), workerId, rs.getLong("version"))))
            .optional();
    claimed.ifPresent(job -> metrics.jobClaimed(job.kind(), job.waited()));
    return claimed;
  }

  /**
   * Extends the lease and stores the latest progress (when given).
   *
   * @return whether the lease is still held, and whether cancellation was requested
   */
  @Transactional(propagation = Propagation.NOT_SUPPORTED)
  public HeartbeatAnswer heartbeat(Lease lease, JobProgress progress) {
    return jdbc.sql(heartbeatStatement)
        .param("lease", seconds(settings.lease()))
        .param("progress", progress == null ? null : json.writeValueAsString(progress))
        .params(leaseParams(lease))
        .query((rs, n) -> new HeartbeatAnswer(true, rs.getBoolean("cancel_requested")))
        .optional()
        .orElse(HeartbeatAnswer.LOST);
  }

  /** Records where the job's checkpoint lives, so a later attempt can resume from it. */
  @Transactional(propagation = Propagation.NOT_SUPPORTED)
  public void recordCheckpoint(Lease lease, String checkpointUri) {
    int rows =
        jdbc.sql(
                """
                update stage_job set checkpoint_uri = :uri
                 where id = :id and version = :version and leased_by = :worker
                   and status = 'RUNNING'
                """)
            .param("uri", checkpointUri)
            .params(leaseParams(lease))
            .update();
    requireHeld(rows, lease);
  }

  /**
   * Marks the job SUCCEEDED and releases the jobs waiting for it, in the caller's transaction (the
   * one that records the job's results), so results and completion commit together.
   *
   * @throws LeaseLostException when the lease is no longer held; the caller's transaction must roll
   *     back
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void complete(Lease lease, JobProgress finalProgress) {
    RUNNING.moveTo(SUCCEEDED);
    BLOCKED.moveTo(QUEUED);
    int rows =
        jdbc.sql(
                """
                with done as (
                    update stage_job
                       set status = 'SUCCEEDED', finished_at = now(), lease_expires_at = null,
                           version = version + 1, error = null, error_attempt = null,
                           progress = coalesce(cast(:progress as jsonb), progress)
                     where id = :id and version = :version and leased_by = :worker
                       and status = 'RUNNING'
                    returning id),
                """
                    + DependentJobs.RELEASE_AFTER_DONE
                    + "select count(*) from done")
            .param(
                "progress", finalProgress == null ? null : json.writeValueAsString(finalProgress))
            .params(leaseParams(lease))
            .query(Integer.class)
            .single();
    requireHeld(rows, lease);
    audit.ended(lease, SUCCEEDED, false);
  }

  /**
   * Ends an attempt that threw. A retryable failure with attempts left goes back to the queue after
   * a backoff; otherwise the job FAILS and the jobs waiting for it are SKIPPED ({@link
   * JobStatus#afterFailure}).
   *
   * @return the job's new status
   */
  @Transactional
  public JobStatus fail(ClaimedJob job, String error, boolean retryable) {
    JobStatus next = JobStatus.afterFailure(lockHeld(job.lease()), retryable, !job.isLastAttempt());
    jdbc.sql(
            """
            update stage_job
               set status = :next, error = :error, error_attempt = attempt, version = version + 1,
                   lease_expires_at = null,
                   leased_by = case when :requeued then null else leased_by end,
                   run_after = now() + make_interval(secs => :backoff),
                   queued_at = now() + make_interval(secs => :backoff),
                   finished_at = case when :terminal then now() end
             where id = :id and version = :version
            """)
        .params(ending(job.lease(), next))
        .param("error", truncate(error))
        .param("backoff", next == QUEUED ? settings.backoffSeconds(job.attempt()) : 0.0)
        .update();
    audit.ended(job.lease(), next, false);
    dependants.afterEnding(job.id(), next);
    return next;
  }

  /** Ends an attempt that stopped because cancellation was requested. */
  @Transactional
  public void cancelled(Lease lease) {
    RUNNING.moveTo(CANCELLED);
    int rows =
        jdbc.sql(
                """
                update stage_job
                   set status = 'CANCELLED', finished_at = now(), lease_expires_at = null,
                       version = version + 1
                 where id = :id and version = :version and leased_by = :worker
                   and status = 'RUNNING'
                """)
            .params(leaseParams(lease))
            .update();
    requireHeld(rows, lease);
    audit.ended(lease, CANCELLED, false);
    dependants.afterEnding(lease.jobId(), CANCELLED);
  }

  /**
   * Gives a job back without counting the attempt (the worker is shutting down); it runs again from
   * its checkpoint on whichever worker claims it next ({@link JobStatus#afterHandBack}).
   */
  @Transactional
  public JobStatus release(Lease lease) {
    JobStatus next = JobStatus.afterHandBack(lockHeld(lease));
    jdbc.sql(
            """
            update stage_job
               set status = :next,
                   attempt = case when :requeued then attempt - 1 else attempt end,
                   leased_by = case when :requeued then null else leased_by end,
                   lease_expires_at = null, run_after = now(), queued_at = now(),
                   finished_at = case when :terminal then now() end,
                   version = version + 1
             where id = :id and version = :version
            """)
        .params(ending(lease, next))
        .update();
    audit.ended(lease, next, false);
    dependants.afterEnding(lease.jobId(), next);
    return next;
  }

  public Optional<JobView> find(long jobId) {
    return jdbc.sql("select " + JobRows.COLUMNS + " from stage_job where id = :id")
        .param("id", jobId)
        .query(rows::view)
        .optional();
  }

  public List<JobView> jobsOf(UUID experimentId) {
    return jdbc.sql(
            "select "
                + JobRows.COLUMNS
                + " from stage_job where experiment_id = :experiment order by id")
        .param("experiment", experimentId)
        .query(rows::view)
        .list();
  }

  /**
   * Deletes an experiment's jobs in the caller's transaction (their metric history and claim audit
   * go with them, and a worker that ran one no longer names it): the one that deletes the
   * experiment, none of whose jobs may still run, once its models are deleted.
   *
   * @return the keys of the checkpoints the jobs may have left in the artifact store: each job's
   *     own, and any other its record names
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<String> deleteJobsOf(UUID experimentId) {
    Set<String> checkpoints = new LinkedHashSet<>();
    jdbc.sql("delete from stage_job where experiment_id = :experiment returning id, checkpoint_uri")
        .param("experiment", experimentId)
        .query(
            (RowCallbackHandler)
                rs -> {
                  // each job's own key, which an attempt writes to whether or not the record
                  // names it (workers before the record came first wrote, then recorded)
                  checkpoints.add(checkpointKey(rs.getLong("id")));
                  String recorded = rs.getString("checkpoint_uri");
                  if (recorded != null) {
                    checkpoints.add(recorded);
                  }
                });
    return List.copyOf(checkpoints);
  }

  /**
   * Where a job's checkpoint is stored: derived from the job's id, so that any attempt of the job,
   * on any worker, finds it.
   */
  public static String checkpointKey(long jobId) {
    return "checkpoints/job-" + jobId + ".ckpt";
  }

  /** The job's current status, or empty when there is no such job. */
  public Optional<JobStatus> status(long jobId) {
    return jdbc.sql("select status from stage_job where id = :id")
        .param("id", jobId)
        .query((rs, n) -> JobStatus.valueOf(rs.getString(1)))
        .optional();
  }

  /**
   * Locks the job if this lease still holds it and returns whether its cancellation was requested.
   *
   * @throws LeaseLostException when the lease is no longer held
   */
  private boolean lockHeld(Lease lease) {
    return jdbc.sql(
            """
            select cancel_requested from stage_job
             where id = :id and version = :version and leased_by = :worker and status = 'RUNNING'
               for update
            """)
        .params(leaseParams(lease))
        .query(Boolean.class)
        .optional()
        .orElseThrow(() -> new LeaseLostException(lease));
  }

  /** The parameters every update that ends an attempt takes: which row, and where it goes. */
  static Map<String, Object> ending(Lease lease, JobStatus next) {
    return Map.of(
        "id", lease.jobId(),
        "version", lease.version(),
        "next", next.name(),
        "requeued", next == QUEUED,
        "terminal", next.isTerminal());
  }

  private static Map<String, Object> leaseParams(Lease lease) {
    return Map.of("id", lease.jobId(), "version", lease.version(), "worker", lease.workerId());
  }

  private static void requireHeld(int rows, Lease lease) {
    if (rows != 1) {
      throw new LeaseLostException(lease);
    }
  }

  static List<String> names(Collection<JobStatus> statuses, JobStatus... except) {
    List<JobStatus> excluded = List.of(except);
    return statuses.stream().filter(s -> !excluded.contains(s)).map(Enum::name).toList();
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  private static String truncate(String error) {
    if (error == null) {
      return null;
    }
    return error.length() <= 4000 ? error : error.substring(0, 4000);
  }
}
