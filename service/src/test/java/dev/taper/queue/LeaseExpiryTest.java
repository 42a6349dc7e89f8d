package dev.taper.queue;

import static dev.taper.queue.QueueFixtures.after;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.config.ApiContextTest;
import dev.taper.config.PostgresTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lease expiry and reclaim. Leases live on the database's clock, so instead of sleeping these tests
 * move rows' {@code lease_expires_at} (and {@code run_after}) into the past and then run the
 * reclaimer's due work at once.
 */
@ApiContextTest
class LeaseExpiryTest extends PostgresTest {

  @Autowired StageQueue queue;
  @Autowired JobCancellations cancellations;
  @Autowired ExpiredLeases expiredLeases;
  @Autowired EndedJobCheckpoints endedCheckpoints;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transactions;
  @Autowired MeterRegistry meters;
  QueueFixtures fixtures;
  LeaseReclaimer reclaimer;

  @BeforeEach
  void clean() {
    fixtures = new QueueFixtures(jdbc, queue, transactions);
    fixtures.clear();
    reclaimer = new LeaseReclaimer(expiredLeases, java.time.Duration.ofHours(1));
  }

  @Test
  void aLiveLeaseIsNotReclaimed() {
    fixtures.enqueueIndependent(fixtures.experiment(), 1);
    ClaimedJob job = queue.claim("w", false).orElseThrow();
    assertThat(reclaimer.runDueWorkNow()).isZero();
    assertThat(queue.heartbeat(job.lease(), null).leaseHeld()).isTrue();
  }

  @Test
  void onAnExclusiveDatabaseEveryRunningJobIsTakenBackLiveLeaseOrNot() {
    long id = fixtures.enqueueIndependent(fixtures.experiment(), 1).get(0);
    ClaimedJob job = queue.claim("died", false).orElseThrow();

    assertThat(expiredLeases.reclaimAbandoned()).isEqualTo(1);

    assertThat(fixtures.status(id)).isEqualTo(JobStatus.QUEUED);
    assertThat(queue.heartbeat(job.lease(), null)).isEqualTo(HeartbeatAnswer.LOST);
  }

  @Test
  void aStageTakenBackAtStartUpIsClaimedBeforeALowerPriorityJobThatWaited() {
    UUID experiment = fixtures.experiment();
    List<Long> ids =
        fixtures.enqueue(
            experiment,
            List.of(new NewJob("WIDE", -1, 10, 3, false), new NewJob("SCRATCH", -1, 0, 3, false)));
    ClaimedJob interrupted = queue.claim("died", false).orElseThrow();
    assertThat(interrupted.id()).isEqualTo(ids.get(0));

    assertThat(expiredLeases.reclaimAbandoned()).isEqualTo(1);

    ClaimedJob next = queue.claim("restarted", false).orElseThrow();
    assertThat(next.id())
        .as("the interrupted stage goes first, as its priority says")
        .isEqualTo(ids.get(0));
    assertThat(next.attempt()).isEqualTo(2);
  }

  @Test
  void anExpiredLeaseGoesBackToTheQueueAfterABackoffAndTheOldHolderIsLockedOut() {
    long id = fixtures.enqueueIndependent(fixtures.experiment(), 1).get(0);
    double reclaimsBefore = counter(meters, "taper.queue.reclaims");
    ClaimedJob first = queue.claim("crashed", false).orElseThrow();

    fixtures.expireLeases();
    assertThat(reclaimer.runDueWorkNow()).isEqualTo(1);

    JobView view = queue.find(id).orElseThrow();
    assertThat(view.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(view.leasedBy()).isNull();
    assertThat(view.error()).contains("lease expired");
    assertThat(view.errorAttempt()).isEqualTo(1);
    assertThat(counter(meters, "taper.queue.reclaims")).isEqualTo(reclaimsBefore + 1);
    assertThat(queue.claim("w2", false)).as("retry backoff").isEmpty();
    assertThat(
            jdbc.sql("select experiment_status(experiment_id) from stage_job where id = :id")
                .param("id", id)
                .query(String.class)
                .single())
        .as("an experiment that has started stays RUNNING while its stage waits for a retry")
        .isEqualTo("RUNNING");

    fixtures.skipBackoff();
    ClaimedJob second = queue.claim("w2", false).orElseThrow();
    assertThat(second.attempt()).isEqualTo(2);
    JobView running = queue.find(id).orElseThrow();
    assertThat(running.error())
        .as("a retried job keeps the error that ended its previous attempt")
        .contains("lease expired");
    assertThat(running.errorAttempt())
        .as("and says which attempt that was, not the one running")
        .isEqualTo(1);
    // the first worker comes back to life: its heartbeat finds the lease gone
    assertThat(queue.heartbeat(first.lease(), null)).isEqualTo(HeartbeatAnswer.LOST);
    assertThat(queue.heartbeat(second.lease(), null).leaseHeld()).isTrue();
  }

  @Test
  void backoffGrowsWithEachAttempt() {
    long id = fixtures.enqueueIndependent(fixtures.experiment(), 1).get(0);
    List<Double> waits = new ArrayList<>();
    for (int attempt = 1; attempt <= 2; attempt++) {
      queue.claim("w", false).orElseThrow();
      fixtures.expireLeases();
      reclaimer.runDueWorkNow();
      waits.add(
          jdbc.sql("select extract(epoch from run_after - now()) from stage_job where id = :id")
              .param("id", id)
              .query(Double.class)
              .single());
      fixtures.skipBackoff();
    }
    double base = queue.settings().retryBackoff().toSeconds();
    assertThat(waits.get(0)).isBetween(base - 1, base + 1);
    assertThat(waits.get(1)).isBetween(2 * base - 1, 2 * base + 1);
  }

  @Test
  void aJobOutOfAttemptsFailsAndItsDependantsAreSkipped() {
    UUID experiment = fixtures.experiment();
    List<Long> ids =
        fixtures.enqueue(
            experiment, List.of(new NewJob("WIDE", -1, 0, 2, false), after("IMITATE", 0)));
    for (int attempt = 1; attempt <= 2; attempt++) {
      assertThat(queue.claim("w", false).orElseThrow().attempt()).isEqualTo(attempt);
      fixtures.expireLeases();
      assertThat(reclaimer.runDueWorkNow()).isEqualTo(1);
      fixtures.skipBackoff();
    }
    assertThat(fixtures.status(ids.get(0))).isEqualTo(JobStatus.FAILED);
    assertThat(fixtures.status(ids.get(1))).isEqualTo(JobStatus.SKIPPED);
    assertThat(queue.claim("w", false)).isEmpty();
  }

  @Test
  void aCancelledJobWhoseWorkerDiedEndsCancelled() {
    UUID experiment = fixtures.experiment();
    long id = fixtures.enqueueIndependent(experiment, 1).get(0);
    queue.claim("w", false).orElseThrow();
    cancellations.cancel(experiment);
    fixtures.expireLeases();
    reclaimer.runDueWorkNow();
    assertThat(fixtures.status(id)).isEqualTo(JobStatus.CANCELLED);
  }

  @Test
  void theCheckpointOfAJobThatEndedWithoutItsWorkerIsFoundForDeletionAndOnlyThen() {
    UUID cancelled = fixtures.experiment();
    fixtures.enqueueIndependent(cancelled, 1);
    ClaimedJob died = queue.claim("died", false).orElseThrow();
    fixtures.enqueueIndependent(fixtures.experiment(), 1);
    ClaimedJob alive = queue.claim("alive", false).orElseThrow();
    queue.recordCheckpoint(died.lease(), "checkpoints/job-" + died.id() + ".ckpt");
    queue.recordCheckpoint(alive.lease(), "checkpoints/job-" + alive.id() + ".ckpt");
    assertThat(endedCheckpoints.find(10)).as("both jobs still run").isEmpty();

    cancellations.cancel(cancelled);
    jdbc.sql("update stage_job set lease_expires_at = now() - interval '1 second' where id = :id")
        .param("id", died.id())
        .update();
    List<List<EndedJobCheckpoints.Left>> seenAfterReclaim = new ArrayList<>();
    LeaseReclaimer sweeping =
        new LeaseReclaimer(
            expiredLeases,
            java.time.Duration.ofHours(1),
            () -> seenAfterReclaim.add(endedCheckpoints.find(10)));
    assertThat(sweeping.runDueWorkNow()).isEqualTo(1);

    assertThat(fixtures.status(died.id())).isEqualTo(JobStatus.CANCELLED);
    assertThat(seenAfterReclaim)
        .as("the housekeeping runs after the reclaim and sees the job it ended")
        .containsExactly(
            List.of(
                new EndedJobCheckpoints.Left(died.id(), "checkpoints/job-" + died.id() + ".ckpt")));
    endedCheckpoints.forget(seenAfterReclaim.get(0).get(0));
    assertThat(endedCheckpoints.find(10)).isEmpty();
    assertThat(queue.heartbeat(alive.lease(), null).leaseHeld())
        .as("the running job and its checkpoint are left alone")
        .isTrue();
  }

  @Test
  void aFailingHousekeepingDoesNotUndoTheReclaim() {
    long id = fixtures.enqueueIndependent(fixtures.experiment(), 1).get(0);
    queue.claim("crashed", false).orElseThrow();
    fixtures.expireLeases();
    LeaseReclaimer failing =
        new LeaseReclaimer(
            expiredLeases,
            java.time.Duration.ofHours(1),
            () -> {
              throw new IllegalStateException("store unreachable");
            });
    assertThat(failing.runDueWorkNow()).isEqualTo(1);
    assertThat(fixtures.status(id)).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  void concurrentReclaimersTakeEachJobBackOnce() throws Exception {
    fixtures.enqueueIndependent(fixtures.experiment(), 200);
    while (queue.claim("w", false).isPresent()) {
      // claim them all
    }
    fixtures.expireLeases();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(
          pool.submit(
              () -> {
                go.await();
                return reclaimer.runDueWorkNow();
              }));
    }
    go.countDown();
    int total = 0;
    for (Future<Integer> run : runs) {
      total += run.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(total).isEqualTo(200);
    assertThat(
            jdbc.sql("select count(*) from stage_job where status = 'QUEUED' and attempt = 1")
                .query(Integer.class)
                .single())
        .isEqualTo(200);
  }

  static double counter(MeterRegistry registry, String name) {
    return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }
}
