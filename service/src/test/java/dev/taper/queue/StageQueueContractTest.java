package dev.taper.queue;

import static dev.taper.queue.QueueFixtures.after;
import static dev.taper.queue.QueueFixtures.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taper.config.ApiContextTest;
import dev.taper.config.PostgresTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The queue's contract, on a real PostgreSQL, with races between threads where they matter. */
@ApiContextTest
class StageQueueContractTest extends PostgresTest {

  @Autowired StageQueue queue;
  @Autowired JobCancellations cancellations;
  @Autowired ExpiredLeases expiredLeases;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transactions;
  @Autowired DataSource dataSource;
  QueueFixtures fixtures;

  @BeforeEach
  void clean() {
    fixtures = new QueueFixtures(jdbc, queue, transactions);
    fixtures.clear();
  }

  @Test
  void eightClaimersClaimAThousandJobsEachExactlyOnce() throws Exception {
    UUID experiment = fixtures.experiment();
    List<Long> ids = fixtures.enqueueIndependent(experiment, 1000);
    Map<Long, String> claimedBy = new ConcurrentHashMap<>();
    List<Long> duplicates = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger claims = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> claimers = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      String worker = "claimer-" + w;
      claimers.add(
          pool.submit(
              () -> {
                start.await();
                Optional<ClaimedJob> claimed;
                while ((claimed = queue.claim(worker, false)).isPresent()) {
                  claims.incrementAndGet();
                  if (claimedBy.putIfAbsent(claimed.get().id(), worker) != null) {
                    duplicates.add(claimed.get().id());
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> claimer : claimers) {
      claimer.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(duplicates).isEmpty();
    assertThat(claims.get()).isEqualTo(1000);
    assertThat(claimedBy.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(new HashSet<>(claimedBy.values())).as("the work was shared").hasSizeGreaterThan(1);
    // the database agrees: every job RUNNING once, leased by the worker that got it
    List<Map<String, Object>> rows =
        jdbc.sql("select id, leased_by, attempt, status from stage_job").query().listOfRows();
    assertThat(rows).hasSize(1000);
    for (Map<String, Object> row : rows) {
      assertThat(row.get("status")).isEqualTo("RUNNING");
      assertThat(row.get("attempt")).isEqualTo(1);
      assertThat(row.get("leased_by")).isEqualTo(claimedBy.get((Long) row.get("id")));
    }
  }

  @Test
  void claimsGoByPriorityThenAge() {
    UUID experiment = fixtures.experiment();
    List<Long> ids =
        fixtures.enqueue(
            experiment,
            List.of(
                new NewJob("SCRATCH", -1, 0, 3, false),
                new NewJob("WIDE", -1, 10, 3, false),
                new NewJob("DEEPER", -1, 0, 3, false)));
    assertThat(queue.claim("w", false).orElseThrow().id()).isEqualTo(ids.get(1));
    assertThat(queue.claim("w", false).orElseThrow().id()).isEqualTo(ids.get(0));
    assertThat(queue.claim("w", false).orElseThrow().id()).isEqualTo(ids.get(2));
    assertThat(queue.claim("w", false)).isEmpty();
  }

  @Test
  void gpuJobsGoOnlyToWorkersWithAGpu() {
    UUID experiment = fixtures.experiment();
    long gpuJob = fixtures.enqueue(experiment, List.of(new NewJob("WIDE", -1, 0, 3, true))).get(0);
    assertThat(queue.claim("cpu-worker", false)).isEmpty();
    assertThat(queue.claim("gpu-worker", true).orElseThrow().id()).isEqualTo(gpuJob);
  }

  @Test
  void successReleasesDependantsAndOnlyThem() {
    UUID experiment = fixtures.experiment();
    List<Long> ids =
        fixtures.enqueue(
            experiment,
            List.of(job("WIDE"), after("IMITATE", 0), after("FINETUNE", 1), after("KD", 0)));
    assertThat(ids.subList(1, 4)).allMatch(id -> fixtures.status(id) == JobStatus.BLOCKED);

    ClaimedJob wide = queue.claim("w", false).orElseThrow();
    assertThat(wide.id()).isEqualTo(ids.get(0));
    assertThat(queue.claim("w", false)).as("dependants wait").isEmpty();
    fixtures.complete(wide);

    assertThat(fixtures.status(ids.get(0))).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(fixtures.status(ids.get(1))).isEqualTo(JobStatus.QUEUED);
    assertThat(fixtures.status(ids.get(3))).isEqualTo(JobStatus.QUEUED);
    assertThat(fixtures.status(ids.get(2))).isEqualTo(JobStatus.BLOCKED);
  }

  @Test
  void aFinalFailureSkipsEveryDependantTransitively() {
    UUID experiment = fixtures.experiment();
    List<Long> ids =
        fixtures.enqueue(
            experiment,
            List.of(
                new NewJob("WIDE", -1, 0, 1, false),
                after("IMITATE", 0),
                after("FINETUNE", 1),
                job("SCRATCH")));
    ClaimedJob wide = queue.claim("w", false).orElseThrow();
    assertThat(queue.fail(wide, "boom", true)).as("no attempts left").isEqualTo(JobStatus.FAILED);

    assertThat(fixtures.status(ids.get(1))).isEqualTo(JobStatus.SKIPPED);
    assertThat(fixtures.status(ids.get(2))).isEqualTo(JobStatus.SKIPPED);
    assertThat(fixtures.status(ids.get(3))).as("independent").isEqualTo(JobStatus.QUEUED);
    assertThat(queue.find(ids.get(0)).orElseThrow().error()).isEqualTo("boom");
  }

  @Test
  void aRetryableFailureWaitsForItsBackoffThenRunsAgain() {
    UUID experiment = fixtures.experiment();
    long id = fixtures.enqueueIndependent(experiment, 1).get(0);
    ClaimedJob first = queue.claim("w", false).orElseThrow();
    assertThat(queue.fail(first, "flaky", true)).isEqualTo(JobStatus.QUEUED);
    assertThat(queue.claim("w", false)).as("backing off").isEmpty();

    fixtures.skipBackoff();
    ClaimedJob second = queue.claim("w", false).orElseThrow();
    assertThat(second.id()).isEqualTo(id);
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(queue.find(id).orElseThrow())
        .as("running again, it shows why the first attempt ended")
        .extracting(JobView::error, JobView::errorAttempt)
        .containsExactly("flaky", 1);
    assertThat(queue.fail(second, "bug", false)).as("not retryable").isEqualTo(JobStatus.FAILED);
    assertThat(queue.find(id).orElseThrow())
        .extracting(JobView::error, JobView::errorAttempt)
        .containsExactly("bug", 2);
  }

  @Test
  void aStaleLeaseCanNeitherHeartbeatNorComplete() {
    UUID experiment = fixtures.experiment();
    fixtures.enqueueIndependent(experiment, 1);
    ClaimedJob job = queue.claim("w", false).orElseThrow();
    Lease stale = new Lease(job.id(), "w", job.lease().version() - 1);
    Lease otherWorker = new Lease(job.id(), "intruder", job.lease().version());

    assertThat(queue.heartbeat(stale, null)).isEqualTo(HeartbeatAnswer.LOST);
    assertThat(queue.heartbeat(otherWorker, null)).isEqualTo(HeartbeatAnswer.LOST);
    assertThat(queue.heartbeat(job.lease(), null).leaseHeld()).isTrue();
    assertThatThrownBy(() -> transactions.executeWithoutResult(s -> queue.complete(stale, null)))
        .isInstanceOf(LeaseLostException.class);
    assertThat(fixtures.status(job.id())).isEqualTo(JobStatus.RUNNING);

    fixtures.complete(job);
    assertThat(queue.heartbeat(job.lease(), null))
        .as("a finished job's lease is gone")
        .isEqualTo(HeartbeatAnswer.LOST);
  }

  @Test
  void progressWithoutALossOrAnEtaIsStoredWithNullsNotNaN() {
    fixtures.enqueue(fixtures.experiment(), List.of(job("EXPORT")));
    ClaimedJob job = queue.claim("w", false).orElseThrow();
    JobProgress progress =
        new JobProgress("export", -1, 0, 1, 3, Double.NaN, 12.0, Double.POSITIVE_INFINITY, 1, 0);

    queue.heartbeat(job.lease(), progress);

    String stored =
        jdbc.sql("select progress::text from stage_job where id = :id")
            .param("id", job.id())
            .query(String.class)
            .single();
    assertThat(stored).doesNotContain("NaN", "Infinity").contains("\"loss\": null");
    JobProgress read = queue.find(job.id()).orElseThrow().progress();
    assertThat(read.loss()).isNull();
    assertThat(read.etaSeconds()).isNull();
    assertThat(read.samplesPerSecond()).isEqualTo(12.0);
  }

  @Test
  void heartbeatsStoreProgressAndCarryCancellation() {
    UUID experiment = fixtures.experiment();
    List<Long> ids = fixtures.enqueue(experiment, List.of(job("WIDE"), after("IMITATE", 0)));
    ClaimedJob job = queue.claim("w", false).orElseThrow();
    JobProgress progress = new JobProgress("train", -1, 0, 40, 100, 0.7, 1200.0, 3.5, 10, 0);
    assertThat(queue.heartbeat(job.lease(), progress)).isEqualTo(new HeartbeatAnswer(true, false));
    assertThat(queue.find(job.id()).orElseThrow().progress()).isEqualTo(progress);

    JobCancellations.Result result = cancellations.cancel(experiment);
    assertThat(result).isEqualTo(new JobCancellations.Result(1, 1));
    assertThat(fixtures.status(ids.get(1))).isEqualTo(JobStatus.CANCELLED);
    assertThat(queue.heartbeat(job.lease(), null)).isEqualTo(new HeartbeatAnswer(true, true));

    queue.cancelled(job.lease());
    assertThat(fixtures.status(job.id())).isEqualTo(JobStatus.CANCELLED);
  }

  @Test
  void completionRacingCancellationNeverQueuesACancelledExperimentsWork() throws Exception {
    for (int round = 0; round < 20; round++) {
      UUID experiment = fixtures.experiment();
      List<Long> ids = fixtures.enqueue(experiment, List.of(job("WIDE"), after("IMITATE", 0)));
      ClaimedJob wide = queue.claim("w", false).orElseThrow();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      CountDownLatch go = new CountDownLatch(1);
      Future<?> complete =
          pool.submit(
              () -> {
                go.await();
                fixtures.complete(wide);
                return null;
              });
      Future<?> cancel =
          pool.submit(
              () -> {
                go.await();
                return cancellations.cancel(experiment);
              });
      go.countDown();
      complete.get(10, TimeUnit.SECONDS);
      cancel.get(10, TimeUnit.SECONDS);
      pool.shutdown();
      assertThat(fixtures.status(ids.get(1))).as("round " + round).isEqualTo(JobStatus.CANCELLED);
    }
  }

  @Test
  void aWorkerGivingAJobBackDoesNotSpendAnAttempt() {
    UUID experiment = fixtures.experiment();
    fixtures.enqueueIndependent(experiment, 1);
    ClaimedJob first = queue.claim("w", false).orElseThrow();
    queue.release(first.lease());
    ClaimedJob again = queue.claim("w2", false).orElseThrow();
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.attempt()).isEqualTo(1);
    assertThatThrownBy(() -> queue.release(first.lease())).isInstanceOf(LeaseLostException.class);
  }

  @Test
  void aCancelledExperimentsJobIsNeitherRetriedNorHandedBack() {
    UUID experiment = fixtures.experiment();
    List<Long> ids =
        fixtures.enqueue(experiment, List.of(job("WIDE"), job("SCRATCH"), after("IMITATE", 0)));
    ClaimedJob failing = queue.claim("w", false).orElseThrow();
    ClaimedJob leaving = queue.claim("w", false).orElseThrow();
    cancellations.cancel(experiment);

    assertThat(queue.fail(failing, "crashed while stopping", true)).isEqualTo(JobStatus.CANCELLED);
    assertThat(queue.release(leaving.lease())).isEqualTo(JobStatus.CANCELLED);
    assertThat(ids).allMatch(id -> fixtures.status(id) == JobStatus.CANCELLED);
    assertThat(queue.claim("w", false)).isEmpty();
  }

  @Test
  void enqueueWakesListeningWorkers() throws Exception {
    UUID experiment = fixtures.experiment();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (QueueWakeups wakeups = new QueueWakeups(dataSource)) {
      wakeups.start();
      // the listener needs a moment to LISTEN; a notification sent before that is missed (the
      // polling fallback's case), so try a few times
      boolean woken = false;
      for (int attempt = 0; attempt < 10 && !woken; attempt++) {
        Future<Boolean> waiting = pool.submit(() -> wakeups.await(Duration.ofSeconds(3)));
        Thread.sleep(200);
        fixtures.enqueueIndependent(experiment, 1);
        woken = waiting.get(5, TimeUnit.SECONDS);
      }
      assertThat(woken).as("a NOTIFY woke the waiter before its timeout").isTrue();
    } finally {
      pool.shutdownNow();
    }
  }
}
