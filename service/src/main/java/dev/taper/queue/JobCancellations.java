package dev.taper.queue;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stopping jobs: those not started at once, running ones at their next beat. An experiment's
 * cancellation stops the stages of its plan; an export requested later for one of its models is the
 * requester's own job and is cancelled on its own ({@link #cancelJob}).
 */
@Service
public class JobCancellations {

  /** Holds for a job of the experiment's plan, not for an export requested later. */
  private static final String PLANNED =
      """
      not exists (select 1 from export_job e
                   where e.job_id = stage_job.id and e.source_model_id is not null)
      """;

  private final JdbcClient jdbc;

  public JobCancellations(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Cancels the stages of an experiment's plan: those not yet running at once, running ones
   * cooperatively (their workers learn it from their next heartbeat). Exports requested later for
   * its models go on.
   *
   * @return the number of jobs cancelled at once and the number asked to stop
   */
  @Transactional
  public Result cancel(UUID experimentId) {
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
                   set status = 'CANCELLED', cancel_requested = true, finished_at = now(),
                       version = version + 1
                 where experiment_id = :experiment and status in (:sources) and
                """
                    + PLANNED)
            .param("experiment", experimentId)
            .param("sources", cancellableAtOnce())
            .update();
    int asked =
        jdbc.sql(
                """
                update stage_job set cancel_requested = true
                 where experiment_id = :experiment and status = 'RUNNING' and
                """
                    + PLANNED)
            .param("experiment", experimentId)
            .update();
    return new Result(cancelled, asked);
  }

  /**
   * Cancels one job: at once if it has not started, cooperatively if it runs. Callers decide which
   * jobs may be cancelled alone; a job with dependants is not one of them, as they would wait for
   * it for ever.
   *
   * @return what became of the job, or empty when there is no such job
   */
  @Transactional
  public Optional<JobCancellation> cancelJob(long jobId) {
    Optional<JobStatus> status =
        jdbc.sql("select status from stage_job where id = :id for update")
            .param("id", jobId)
            .query((rs, n) -> JobStatus.valueOf(rs.getString(1)))
            .optional();
    if (status.isEmpty()) {
      return Optional.empty();
    }
    JobStatus current = status.get();
    if (current.isTerminal()) {
      return Optional.of(new JobCancellation(current, false));
    }
    if (current == JobStatus.RUNNING) {
      jdbc.sql("update stage_job set cancel_requested = true where id = :id")
          .param("id", jobId)
          .update();
      return Optional.of(new JobCancellation(JobStatus.RUNNING, true));
    }
    current.moveTo(JobStatus.CANCELLED);
    jdbc.sql(
            """
            update stage_job
               set status = 'CANCELLED', cancel_requested = true, finished_at = now(),
                   version = version + 1
             where id = :id
            """)
        .param("id", jobId)
        .update();
    return Optional.of(new JobCancellation(JobStatus.CANCELLED, true));
  }

  private static List<String> cancellableAtOnce() {
    return StageQueue.names(JobStatus.movableTo(JobStatus.CANCELLED), JobStatus.RUNNING);
  }

  /** What {@link #cancel} did. */
  public record Result(int cancelledNow, int askedToStop) {}

  /**
   * What {@link #cancelJob} did.
   *
   * @param status the job's status afterwards: CANCELLED when cancelled at once, RUNNING when asked
   *     to stop, or the terminal status it had already reached
   * @param changed false when the job had already ended and nothing was done
   */
  public record JobCancellation(JobStatus status, boolean changed) {}
}
