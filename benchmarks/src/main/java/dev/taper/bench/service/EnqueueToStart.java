package dev.taper.bench.service;

import dev.taper.queue.ClaimedJob;
import dev.taper.queue.NewJob;
import dev.taper.queue.QueueWakeups;
import dev.taper.queue.StageQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Milliseconds from the commit of an enqueue to a claim of the job by an idle worker: the worker
 * waits as {@code StageWorker} does (claim; when nothing is runnable, {@link QueueWakeups#await}
 * for a LISTEN/NOTIFY wake-up or the 5 s poll interval), and each job is enqueued through {@link
 * StageQueue#enqueue} (whose insert fires the notifying trigger) only after the worker has gone
 * back to waiting.
 */
final class EnqueueToStart {

  /** The worker's polling interval: Taper's default, the fallback a lost wake-up would cost. */
  private static final Duration POLL = Duration.ofSeconds(5);

  private final JdbcClient jdbc;
  private final DataSource dataSource;
  private final StageQueue queue;
  private final TransactionTemplate transactions;

  EnqueueToStart(
      JdbcClient jdbc, DataSource dataSource, StageQueue queue, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.queue = queue;
    this.transactions = transactions;
  }

  /** One run of {@code samples} enqueues; the latencies in milliseconds. */
  List<Double> run(int samples, long seed) throws Exception {
    jdbc.sql("truncate model_edge, model, worker, stage_job, experiment cascade").update();
    UUID experiment = UUID.randomUUID();
    jdbc.sql(
            "insert into experiment (id, name, spec, spec_hash, updated_at)"
                + " values (:id, 'enqueue-bench', '{}', 'x', now())")
        .param("id", experiment)
        .update();
    BlockingQueue<long[]> claims = new ArrayBlockingQueue<>(1);
    List<Double> latencies = new ArrayList<>(samples);
    Random random = new Random(seed);
    try (QueueWakeups wakeups = new QueueWakeups(dataSource)) {
      wakeups.start();
      awaitListening(wakeups);
      Thread worker = new Thread(() -> idleWorker(wakeups, claims), "idle-worker");
      worker.setDaemon(true);
      worker.start();
      try {
        for (int i = 0; i < samples; i++) {
          // the arrival process, not a wait: jobs come 50 to 150 ms apart, so each finds the
          // worker idle again (its claim of the previous job was taken from the queue above)
          Thread.sleep(50 + random.nextInt(100));
          long id =
              transactions
                  .execute(
                      status ->
                          queue.enqueue(experiment, List.of(new NewJob("WIDE", -1, 0, 3, false))))
                  .get(0);
          long committed = System.nanoTime();
          long[] claim = claims.poll(30, TimeUnit.SECONDS);
          if (claim == null || claim[0] != id) {
            throw new IllegalStateException("job " + id + " was not claimed within 30 s");
          }
          latencies.add((claim[1] - committed) / 1e6);
        }
      } finally {
        worker.interrupt();
        worker.join(10_000);
      }
    }
    return latencies;
  }

  /**
   * Returns once the listener's LISTEN is in place (it runs on the listener's own thread): a
   * notification sent now must wake a waiter.
   */
  private void awaitListening(QueueWakeups wakeups) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    do {
      jdbc.sql("select pg_notify(:channel, '')")
          .param("channel", QueueWakeups.CHANNEL)
          .query()
          .listOfRows();
      if (wakeups.await(Duration.ofMillis(200))) {
        return;
      }
    } while (System.nanoTime() < deadline);
    throw new IllegalStateException("the queue listener was not listening after 30 s");
  }

  /** StageWorker's loop with a stage that does nothing: claim, complete, or wait to be woken. */
  private void idleWorker(QueueWakeups wakeups, BlockingQueue<long[]> claims) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Optional<ClaimedJob> claimed = queue.claim("idle-worker", false);
        if (claimed.isPresent()) {
          long at = System.nanoTime();
          transactions.executeWithoutResult(s -> queue.complete(claimed.get().lease(), null));
          claims.put(new long[] {claimed.get().id(), at});
        } else {
          wakeups.await(POLL);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
