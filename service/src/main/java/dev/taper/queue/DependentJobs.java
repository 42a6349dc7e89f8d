package dev.taper.queue;

import static dev.taper.queue.JobStatus.SKIPPED;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a job's end means for the jobs that depend on it: they run once it succeeded, and never when
 * it ended any other way.
 */
final class DependentJobs {

  private final JdbcClient jdbc;

  DependentJobs(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The jobs waiting for a job that succeeded become runnable: a CTE for the statement that
   * completes the job, whose CTE {@code done} returns the job's {@code id}, so that completion and
   * release are one statement and one round trip. The job's row is locked (by {@code done}) before
   * its dependants', as everywhere else.
   */
  static final String RELEASE_AFTER_DONE =
      """
      released as (
          update stage_job d
             set status = 'QUEUED', run_after = now(), queued_at = now(), version = d.version + 1
            from done
           where d.depends_on = done.id and d.status = 'BLOCKED')
      """;

  /**
   * A job that ended for good (failed, cancelled) takes every job (transitively) waiting on it
   * along: they become SKIPPED. A job queued for another attempt keeps them waiting.
   */
  void afterEnding(long jobId, JobStatus next) {
    if (!next.isTerminal()) {
      return;
    }
    jdbc.sql(
            """
            with recursive dependants(id) as (
                select id from stage_job where depends_on = :id
                union
                select j.id from stage_job j join dependants d on j.depends_on = d.id)
            update stage_job
               set status = 'SKIPPED', finished_at = now(), version = version + 1
             where id in (select id from dependants) and status in (:sources)
            """)
        .param("id", jobId)
        .param("sources", StageQueue.names(JobStatus.movableTo(SKIPPED)))
        .update();
  }
}
