package dev.taper.queue;

import static dev.taper.queue.JobStatus.BLOCKED;
import static dev.taper.queue.JobStatus.CANCELLED;
import static dev.taper.queue.JobStatus.FAILED;
import static dev.taper.queue.JobStatus.QUEUED;
import static dev.taper.queue.JobStatus.RUNNING;
import static dev.taper.queue.JobStatus.SKIPPED;
import static dev.taper.queue.JobStatus.SUCCEEDED;

import dev.taper.observability.TaperMetrics;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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

  private static final String JOB_COLUMNS =
      "id, experiment_id, kind, status, depends_on, attempt, max_attempts, progress,"
          + " cancel_requested, error, leased_by, lease_expires_at, created_at, started_at,"
          + " finished_at";

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final TaperMetrics metrics;
  private final QueueSettings settings;

  public StageQueue(
      JdbcClient jdbc, JsonMapper json, TaperMetrics metrics, QueueSettings settings) {
    this.jdbc = jdbc;
    this.json = json;
    this.metrics = metrics;
    this.settings = settings;
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
        jdbc.sql(
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
                          j.checkpoint_uri,
                          extract(epoch from now() - coalesce(j.queued_at, j.created_at)) as waited
                """)
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
    return jdbc.sql(
            """
            update stage_job
               set lease_expires_at = now() + make_interval(secs => :lease),
                   progress = coalesce(cast(:progress as jsonb), progress)
             where id = :id and version = :version and leased_by = :worker and status = 'RUNNING'
            returning cancel_requested
            """)
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
    int rows =
        jdbc.sql(
                """
                update stage_job
                   set status = 'SUCCEEDED', finished_at = now(), lease_expires_at = null,
                       version = version + 1, error = null,
                       progress = coalesce(cast(:progress as jsonb), progress)
                 where id = :id and version = :version and leased_by = :worker
                   and status = 'RUNNING'
                """)
            .param(
                "progress", finalProgress == null ? null : json.writeValueAsString(finalProgress))
            .params(leaseParams(lease))
            .update();
    requireHeld(rows, lease);
    BLOCKED.moveTo(QUEUED);
    jdbc.sql(
            """
            update stage_job
               set status = 'QUEUED', run_after = now(), queued_at = now(), version = version + 1
             where depends_on = :id and status = 'BLOCKED'
            """)
        .param("id", lease.jobId())
        .update();
  }

  /**
   * Ends an attempt that threw. A retryable failure with attempts left goes back to the queue after
   * a backoff; otherwise the job FAILS and the jobs waiting for it are SKIPPED.
   *
   * @return the job's new status
   */
  @Transactional
  public JobStatus fail(ClaimedJob job, String error, boolean retryable) {
    JobStatus next = RUNNING.moveTo(retryable && !job.isLastAttempt() ? QUEUED : FAILED);
    // a job whose experiment was cancelled meanwhile is not retried: it ends CANCELLED
    JobStatus ended =
        jdbc.sql(
                """
                update stage_job
                   set status = case when cancel_requested then 'CANCELLED' else :next end,
                       error = :error, version = version + 1, lease_expires_at = null,
                       leased_by = case when :next = 'QUEUED' and not cancel_requested
                                        then null else leased_by end,
                       run_after = now() + make_interval(secs => :backoff),
                       queued_at = now() + make_interval(secs => :backoff),
                       finished_at = case when :next = 'FAILED' or cancel_requested
                                          then now() end
                 where id = :id and version = :version and leased_by = :worker
                   and status = 'RUNNING'
                returning status
                """)
            .param("next", next.name())
            .param("error", truncate(error))
            .param("backoff", next == QUEUED ? settings.backoffSeconds(job.attempt()) : 0.0)
            .params(leaseParams(job.lease()))
            .query((rs, n) -> JobStatus.valueOf(rs.getString(1)))
            .optional()
            .orElseThrow(() -> new LeaseLostException(job.lease()));
    RUNNING.moveTo(ended);
    if (ended.isTerminal()) {
      skipDependants(List.of(job.id()));
    }
    return ended;
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
    skipDependants(List.of(lease.jobId()));
  }

  /**
   * Gives a job back without counting the attempt (the worker is shutting down); it runs again from
   * its checkpoint on whichever worker claims it next.
   */
  @Transactional(propagation = Propagation.NOT_SUPPORTED)
  public JobStatus release(Lease lease) {
    RUNNING.moveTo(QUEUED);
    // a job whose experiment was cancelled meanwhile is not handed back: it ends CANCELLED
    JobStatus ended =
        jdbc.sql(
                """
                update stage_job
                   set status = case when cancel_requested then 'CANCELLED' else 'QUEUED' end,
                       attempt = case when cancel_requested then attempt else attempt - 1 end,
                       leased_by = case when cancel_requested then leased_by end,
                       lease_expires_at = null, run_after = now(), queued_at = now(),
                       finished_at = case when cancel_requested then now() end,
                       version = version + 1
                 where id = :id and version = :version and leased_by = :worker
                   and status = 'RUNNING'
                returning status
                """)
            .params(leaseParams(lease))
            .query((rs, n) -> JobStatus.valueOf(rs.getString(1)))
            .optional()
            .orElseThrow(() -> new LeaseLostException(lease));
    if (ended == CANCELLED) {
      skipDependants(List.of(lease.jobId()));
    }
    return ended;
  }

  /**
   * Cancels an experiment's jobs: those not yet running at once, running ones cooperatively (their
   * workers learn it from their next heartbeat).
   *
   * @return the number of jobs cancelled at once and the number asked to stop
   */
  @Transactional
  public CancelResult cancelExperiment(UUID experimentId) {
    // Lock the experiment's jobs in id order first: completion and failure lock a job and then
    // its dependants, which always have larger ids, so taking locks in the same order cannot
    // deadlock with them (updating in physical order could).
    jdbc.sql("select id from stage_job where experiment_id = :experiment order by id for update")
        .param("experiment", experimentId)
        .query(Long.class)
        .list();
    int cancelled =
        jdbc.sql(
                """
                update stage_job
                   set status = 'CANCELLED', finished_at = now(), version = version + 1
                 where experiment_id = :experiment and status in (:sources)
                """)
            .param("experiment", experimentId)
            .param("sources", names(JobStatus.movableTo(CANCELLED), RUNNING))
            .update();
    int asked =
        jdbc.sql(
                """
                update stage_job set cancel_requested = true
                 where experiment_id = :experiment and status = 'RUNNING'
                """)
            .param("experiment", experimentId)
            .update();
    return new CancelResult(cancelled, asked);
  }

  /** What {@link #cancelExperiment} did. */
  public record CancelResult(int cancelledNow, int askedToStop) {}

  /**
   * Takes back running jobs whose lease expired: they are queued again after a backoff, or FAIL
   * when their attempts are spent (or are CANCELLED when that was requested).
   *
   * @return the number of jobs taken back
   */
  @Transactional
  public int reclaimExpired() {
    List<Reclaimed> reclaimed =
        jdbc.sql(
                """
                update stage_job j
                   set status = case when j.cancel_requested then 'CANCELLED'
                                     when j.attempt < j.max_attempts then 'QUEUED'
                                     else 'FAILED' end,
                       error = 'lease expired (worker ' || j.leased_by || ' stopped heartbeating)',
                       leased_by = null, lease_expires_at = null, version = j.version + 1,
                       run_after = now() + least(:cap, :base * power(2, greatest(j.attempt - 1, 0)))
                                           * interval '1 second',
                       queued_at = now() + least(:cap, :base * power(2, greatest(j.attempt - 1, 0)))
                                           * interval '1 second',
                       finished_at = case when j.cancel_requested or j.attempt >= j.max_attempts
                                          then now() end
                 where j.id in (select id from stage_job
                                 where status = 'RUNNING' and lease_expires_at < now()
                                   for update skip locked)
                returning j.id, j.kind, j.status
                """)
            .param("base", seconds(settings.retryBackoff()))
            .param("cap", seconds(settings.maxRetryBackoff()))
            .query(
                (rs, n) ->
                    new Reclaimed(
                        rs.getLong("id"),
                        rs.getString("kind"),
                        JobStatus.valueOf(rs.getString("status"))))
            .list();
    List<Long> ended = new ArrayList<>();
    for (Reclaimed job : reclaimed) {
      RUNNING.moveTo(job.status());
      metrics.jobReclaimed(job.kind(), job.status() == QUEUED);
      if (job.status() != QUEUED) {
        ended.add(job.id());
      }
    }
    if (!ended.isEmpty()) {
      skipDependants(ended);
    }
    return reclaimed.size();
  }

  private record Reclaimed(long id, String kind, JobStatus status) {}

  public Optional<JobView> find(long jobId) {
    return jdbc.sql("select " + JOB_COLUMNS + " from stage_job where id = :id")
        .param("id", jobId)
        .query(this::jobView)
        .optional();
  }

  public List<JobView> jobsOf(UUID experimentId) {
    return jdbc.sql(
            "select "
                + JOB_COLUMNS
                + " from stage_job where experiment_id = :experiment order by id")
        .param("experiment", experimentId)
        .query(this::jobView)
        .list();
  }

  /** The job's current status, or empty when there is no such job. */
  public Optional<JobStatus> status(long jobId) {
    return jdbc.sql("select status from stage_job where id = :id")
        .param("id", jobId)
        .query((rs, n) -> JobStatus.valueOf(rs.getString(1)))
        .optional();
  }

  /** Every job (transitively) waiting on the given ones, still BLOCKED, becomes SKIPPED. */
  private void skipDependants(Collection<Long> jobIds) {
    jdbc.sql(
            """
            with recursive dependants(id) as (
                select id from stage_job where depends_on in (:ids)
                union
                select j.id from stage_job j join dependants d on j.depends_on = d.id)
            update stage_job
               set status = 'SKIPPED', finished_at = now(), version = version + 1
             where id in (select id from dependants) and status in (:sources)
            """)
        .param("ids", jobIds)
        .param("sources", names(JobStatus.movableTo(SKIPPED)))
        .update();
  }

  private JobView jobView(ResultSet rs, int row) throws SQLException {
    String progress = rs.getString("progress");
    Long dependsOn = rs.getObject("depends_on", Long.class);
    return new JobView(
        rs.getLong("id"),
        rs.getObject("experiment_id", UUID.class),
        rs.getString("kind"),
        JobStatus.valueOf(rs.getString("status")),
        dependsOn,
        rs.getInt("attempt"),
        rs.getInt("max_attempts"),
        progress == null ? null : json.readValue(progress, JobProgress.class),
        rs.getBoolean("cancel_requested"),
        rs.getString("error"),
        rs.getString("leased_by"),
        instant(rs, "lease_expires_at"),
        instant(rs, "created_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static java.util.Map<String, Object> leaseParams(Lease lease) {
    return java.util.Map.of(
        "id", lease.jobId(), "version", lease.version(), "worker", lease.workerId());
  }

  private static void requireHeld(int rows, Lease lease) {
    if (rows != 1) {
      throw new LeaseLostException(lease);
    }
  }

  private static List<String> names(Collection<JobStatus> statuses, JobStatus... except) {
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
