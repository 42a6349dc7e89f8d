package dev.taper.queue;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Stopping an experiment's jobs: those not started at once, running ones at their next beat. */
@Service
public class JobCancellations {

  private final JdbcClient jdbc;

  public JobCancellations(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Cancels an experiment's jobs: those not yet running at once, running ones cooperatively (their
   * workers learn it from their next heartbeat).
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
                   set status = 'CANCELLED', finished_at = now(), version = version + 1
                 where experiment_id = :experiment and status in (:sources)
                """)
            .param("experiment", experimentId)
            .param(
                "sources",
                StageQueue.names(JobStatus.movableTo(JobStatus.CANCELLED), JobStatus.RUNNING))
            .update();
    int asked =
        jdbc.sql(
                """
                update stage_job set cancel_requested = true
                 where experiment_id = :experiment and status = 'RUNNING'
                """)
            .param("experiment", experimentId)
            .update();
    return new Result(cancelled, asked);
  }

  /** What {@link #cancel} did. */
  public record Result(int cancelledNow, int askedToStop) {}
}
