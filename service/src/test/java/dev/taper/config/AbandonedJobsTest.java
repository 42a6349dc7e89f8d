package dev.taper.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.worker.StageWorker;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

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
}
