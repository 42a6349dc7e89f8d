package dev.taper.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Builds queue states for tests: experiments with plans, and a clean slate. */
final class QueueFixtures {

  private final JdbcClient jdbc;
  private final StageQueue queue;
  private final TransactionTemplate transactions;

  QueueFixtures(JdbcClient jdbc, StageQueue queue, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.queue = queue;
    this.transactions = transactions;
  }

  /** Removes every job, model and experiment. */
  void clear() {
    jdbc.sql("truncate model_edge, model, worker, stage_job, experiment cascade").update();
  }

  UUID experiment() {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            "insert into experiment (id, name, spec, spec_hash, updated_at)"
                + " values (:id, 'test', '{}', 'x', now())")
        .param("id", id)
        .update();
    return id;
  }

  List<Long> enqueue(UUID experiment, List<NewJob> plan) {
    return transactions.execute(status -> queue.enqueue(experiment, plan));
  }

  List<Long> enqueueIndependent(UUID experiment, int count) {
    List<NewJob> plan = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      plan.add(job("WIDE"));
    }
    return enqueue(experiment, plan);
  }

  static NewJob job(String kind) {
    return new NewJob(kind, -1, 0, 3, false);
  }

  static NewJob after(String kind, int dependsOn) {
    return new NewJob(kind, dependsOn, 0, 3, false);
  }

  JobStatus status(long id) {
    return queue.status(id).orElseThrow();
  }

  /** Lets leases run out now: moves their expiry into the past on the database's clock. */
  void expireLeases() {
    jdbc.sql(
            "update stage_job set lease_expires_at = now() - interval '1 second'"
                + " where status = 'RUNNING'")
        .update();
  }

  /** Makes backed-off jobs runnable now, as if their backoff had passed. */
  void skipBackoff() {
    jdbc.sql("update stage_job set run_after = now() - interval '1 second' where status = 'QUEUED'")
        .update();
  }

  void complete(ClaimedJob job) {
    transactions.executeWithoutResult(status -> queue.complete(job.lease(), null));
  }
}
