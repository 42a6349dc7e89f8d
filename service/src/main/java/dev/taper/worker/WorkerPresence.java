package dev.taper.worker;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * This worker's row in the {@code worker} table: who is alive (last_seen) and what each runs. The
 * fleet gauges ({@code taper.workers.alive}, {@code taper.workers.busy}) are read from this table
 * by {@code observability.FleetMetrics}.
 */
class WorkerPresence {

  private final JdbcClient jdbc;
  private final String workerId;

  WorkerPresence(JdbcClient jdbc, String workerId) {
    this.jdbc = jdbc;
    this.workerId = workerId;
  }

  void register(String host, String devices) {
    jdbc.sql(
            """
            insert into worker (id, host, devices) values (:id, :host, :devices)
            on conflict (id) do update
               set host = excluded.host, devices = excluded.devices, started_at = now(),
                   last_seen = now(), running_job = null
            """)
        .param("id", workerId)
        .param("host", host)
        .param("devices", devices)
        .update();
  }

  /** Marks this worker alive, running {@code runningJob} (or nothing when null). */
  void seen(Long runningJob) {
    jdbc.sql("update worker set last_seen = now(), running_job = :job where id = :id")
        .param("job", runningJob)
        .param("id", workerId)
        .update();
  }

  /** This worker stopped: it runs nothing and will not be seen again. */
  void gone() {
    jdbc.sql(
            "update worker set running_job = null, last_seen = now() - interval '1 hour'"
                + " where id = :id")
        .param("id", workerId)
        .update();
  }
}
