package dev.taper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.taper.queue.ExpiredLeases;
import dev.taper.queue.LeaseReclaimer;
import dev.taper.worker.StageWorker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

class AbandonedJobsTest {

  @Test
  void startsBeforeTheWorkerCanClaimAJobOfItsOwn() {
    assertThat(new AbandonedJobs(() -> 0).getPhase()).isLessThan(StageWorker.PHASE);
  }

  @Test
  void takesJobsBackAtTheFirstStartOnlyNotAfterAPause() {
    AtomicInteger reclaims = new AtomicInteger();
    AbandonedJobs jobs = new AbandonedJobs(() -> reclaims.incrementAndGet() * 2);

    jobs.start();
    assertThat(jobs.isRunning()).isTrue();
    jobs.stop();
    assertThat(jobs.isRunning()).isFalse();
    jobs.start();

    assertThat(reclaims).hasValue(1);
    assertThat(jobs.isRunning()).isTrue();
  }

  @Test
  void takesJobsBackBeforeTheScheduledReclaimCanQueueThemBehindTheBackoff() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    CountDownLatch reclaimed = new CountDownLatch(1);
    ExpiredLeases leases = mock(ExpiredLeases.class);
    when(leases.reclaim())
        .thenAnswer(
            call -> {
              events.add("scheduled reclaim");
              reclaimed.countDown();
              return 0;
            });
    AbandonedJobs abandoned =
        new AbandonedJobs(
            () -> {
              try {
                // long enough for a reclaimer already ticking every millisecond to tick
                reclaimed.await(300, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              events.add("take-back");
              return 0;
            });

    try (GenericApplicationContext context = new GenericApplicationContext()) {
      // the reclaimer is created first, as a worker's configuration creates it
      context.registerBean(
          LeaseReclaimer.class, () -> new LeaseReclaimer(leases, Duration.ofMillis(1)));
      context.registerBean(AbandonedJobs.class, () -> abandoned);
      context.refresh();
      assertThat(reclaimed.await(10, TimeUnit.SECONDS)).as("the reclaimer runs").isTrue();
    }

    assertThat(events).first().isEqualTo("take-back");
    assertThat(new LeaseReclaimer(leases, Duration.ofMillis(1)).getPhase())
        .isGreaterThan(abandoned.getPhase())
        .isLessThan(StageWorker.PHASE);
  }
}
