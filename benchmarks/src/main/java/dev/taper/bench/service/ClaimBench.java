package dev.taper.bench.service;

import dev.taper.queue.StageQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims per second of Taper's claim-and-complete path against a bare JDBC loop, on the same
 * database in the same run: each run starts from the same table (truncated, N runnable jobs
 * inserted, analysed, checkpointed), and the two paths alternate so that the machine's load hits
 * both alike.
 */
final class ClaimBench {

  private final JdbcClient jdbc;
  private final String jdbcUrl;
  private final StageQueue queue;
  private final TransactionTemplate transactions;

  ClaimBench(JdbcClient jdbc, String jdbcUrl, StageQueue queue, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.jdbcUrl = jdbcUrl;
    this.queue = queue;
    this.transactions = transactions;
  }

  /**
   * Whether commits wait for their WAL flush ({@code synchronous_commit}), for every session from
   * the next statement on. Durable is how Taper ships; without the wait, a commit costs no fsync
   * and what remains of a claim is its round trips and CPU: the part of the path Taper's code can
   * change.
   */
  void durable(boolean durable) {
    jdbc.sql("alter system set synchronous_commit = " + (durable ? "on" : "off")).update();
    jdbc.sql("select pg_reload_conf()").query().singleValue();
  }

  ClaimRun run(String path, int claimers, int jobs) throws Exception {
    prepare(jobs);
    List<Claimer> threads = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(claimers);
    // a claimer that fails or a run that times out must not leave threads or connections behind
    try {
      for (int i = 0; i < claimers; i++) {
        String worker = path + "-claimer-" + i;
        threads.add(
            path.equals("raw")
                ? new RawClaimer(jdbcUrl, worker)
                : new TaperClaimer(queue, transactions, worker));
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> done = new ArrayList<>();
      for (Claimer claimer : threads) {
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  int n = 0;
                  while (claimer.claimAndComplete()) {
                    n++;
                  }
                  return n;
                }));
      }
      long start = System.nanoTime();
      go.countDown();
      int claimed = 0;
      for (Future<Integer> f : done) {
        claimed += f.get(30, TimeUnit.MINUTES);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long claimNanos = 0;
      long completeNanos = 0;
      for (Claimer claimer : threads) {
        claimNanos += claimer.claimNanos();
        completeNanos += claimer.completeNanos();
      }
      long succeeded =
          jdbc.sql("select count(*) from stage_job where status = 'SUCCEEDED'")
              .query(Long.class)
              .single();
      if (claimed != jobs || succeeded != jobs) {
        throw new IllegalStateException(
            path
                + ": "
                + claimed
                + " claimed and "
                + succeeded
                + " succeeded of "
                + jobs
                + " jobs");
      }
      return new ClaimRun(
          path,
          claimers,
          jobs,
          seconds,
          jobs / seconds,
          claimNanos / 1e3 / (jobs + claimers),
          completeNanos / 1e3 / jobs);
    } finally {
      pool.shutdownNow();
      for (Claimer claimer : threads) {
        claimer.close();
      }
    }
  }

  /** The same starting table for every run: N runnable jobs of one experiment, analysed. */
  private void prepare(int jobs) {
    jdbc.sql("truncate model_edge, model, worker, stage_job, experiment cascade").update();
    UUID experiment = UUID.randomUUID();
    jdbc.sql(
            "insert into experiment (id, name, spec, spec_hash, updated_at)"
                + " values (:id, 'claim-bench', '{}', 'x', now())")
        .param("id", experiment)
        .update();
    jdbc.sql(
            """
            insert into stage_job (experiment_id, kind, status, priority, max_attempts, queued_at)
            select :experiment, 'WIDE', 'QUEUED', 0, 3, now() from generate_series(1, :jobs)
            """)
        .param("experiment", experiment)
        .param("jobs", jobs)
        .update();
    jdbc.sql("vacuum analyze stage_job").update();
    jdbc.sql("checkpoint").update();
  }
}
