package dev.taper.queue;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether the stages that need a GPU (a spec's {@code "device": "gpu"}) have a worker to run them:
 * without one they wait in the queue, which a user should be told rather than left to guess.
 */
@Component
public class GpuWorkers {

  private final JdbcClient jdbc;

  GpuWorkers(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Whether some stage of the experiment waits for a GPU while no live worker takes GPU jobs. A
   * worker reports its presence every few seconds; one silent for 30 s is gone, as the fleet gauges
   * count it.
   */
  public boolean noneForWaitingStages(UUID experimentId) {
    return jdbc.sql(
            """
            select exists (select 1 from stage_job
                            where experiment_id = :experiment and needs_gpu
                              and status in ('BLOCKED', 'QUEUED'))
               and not exists (select 1 from worker
                                where devices like 'gpu%'
                                  and last_seen > now() - interval '30 seconds')
            """)
        .param("experiment", experimentId)
        .query(Boolean.class)
        .single();
  }
}
