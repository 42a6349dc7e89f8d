package dev.taper.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.taper.config.TaperVocabulary;
import dev.taper.observability.TaperMetrics;
import dev.taper.queue.ClaimedJob;
import dev.taper.queue.JobOutcome;
import dev.taper.queue.Lease;
import dev.taper.queue.QueueWakeups;
import dev.taper.queue.StageQueue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * The loop itself: it survives errors, shutdown drains, then hands running jobs back, and a stopped
 * worker starts again.
 */
class StageWorkerTest {

  SimpleMeterRegistry registry = new SimpleMeterRegistry();
  TaperMetrics metrics = new TaperMetrics(registry, TaperVocabulary.meters());
  StageQueue queue = mock(StageQueue.class);
  QueueWakeups wakeups = mock(QueueWakeups.class);
  StageJobRunner runner = mock(StageJobRunner.class);
  WorkerPresence presence = mock(WorkerPresence.class);
  StageWorker worker;

  StageWorker worker(Duration drainTimeout) {
    return worker(drainTimeout, StageWorker.HAND_BACK_WAIT);
  }

  StageWorker worker(Duration drainTimeout, Duration handBackWait) {
    WorkerSettings settings =
        new WorkerSettings(
            "w",
            1,
            Duration.ofMillis(100),
            Duration.ofMillis(50),
            Duration.ofMinutes(1),
            drainTimeout,
            false);
    worker =
        new StageWorker(
            queue,
            wakeups,
            runner,
            presence,
            metrics,
            settings,
            StageWorker.heartbeatScheduler(),
            handBackWait);
    return worker;
  }

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.close();
    }
  }

  static ClaimedJob job(long id) {
    return new ClaimedJob(
        id, UUID.randomUUID(), "WIDE", 1, 3, null, Duration.ZERO, new Lease(id, "w", 1));
  }

  @Test
  void theLoopSurvivesErrorsCountsThemAndGoesOn() throws Exception {
    when(queue.claim(anyString(), anyBoolean()))
        .thenThrow(new DataAccessResourceFailureException("database down"))
        .thenThrow(new IllegalStateException("something unexpected"))
        .thenReturn(Optional.of(job(1)))
        .thenReturn(Optional.empty());
    when(runner.run(any(), any())).thenReturn(JobOutcome.SUCCEEDED);

    worker(Duration.ofSeconds(1)).start();

    verify(runner, timeout(10_000)).run(any(), any());
    assertThat(registry.counter(TaperMetrics.WORKER_LOOP_ERRORS).count()).isEqualTo(2.0);
    verify(queue, timeout(5_000).atLeast(4)).claim("w", false);
    assertThat(worker.isRunning()).isTrue();
  }

  @Test
  void shutdownWaitsForTheDrainTimeoutThenHandsRunningJobsBack() throws Exception {
    when(queue.claim(anyString(), anyBoolean()))
        .thenReturn(Optional.of(job(7)))
        .thenReturn(Optional.empty());
    CountDownLatch running = new CountDownLatch(1);
    when(runner.run(any(), any()))
        .thenAnswer(
            invocation -> {
              BooleanSupplier handingBack = invocation.getArgument(1);
              running.countDown();
              // a long stage, polling its cancellation token as the engine does
              while (!handingBack.getAsBoolean()) {
                Thread.sleep(10); // one "training step" of the fake stage
              }
              return "handed_back";
            });
    worker(Duration.ofMillis(300)).start();
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

    long started = System.nanoTime();
    worker.stop();
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(tookMillis).isBetween(250L, 5_000L);
    assertThat(worker.isRunning()).isFalse();
    assertThat(worker.runningJobs()).isZero();
    verify(presence, atLeast(1)).gone();
  }

  @Test
  void aStoppedWorkerStartsAgainAndClaimsAsBefore() throws Exception {
    when(queue.claim(anyString(), anyBoolean()))
        .thenReturn(Optional.of(job(1)))
        .thenReturn(Optional.empty())
        .thenReturn(Optional.of(job(2)))
        .thenReturn(Optional.empty());
    when(runner.run(any(), any())).thenReturn(JobOutcome.SUCCEEDED);
    worker(Duration.ofSeconds(1)).start();
    verify(runner, timeout(10_000)).run(argThat(j -> j.id() == 1), any());

    // what Spring does to a paused context's lifecycle beans
    worker.stop();
    worker.start();

    assertThat(worker.isRunning()).isTrue();
    verify(runner, timeout(10_000)).run(argThat(j -> j.id() == 2), any());
    verify(presence, timeout(10_000).atLeast(2)).register(anyString(), anyString());
  }

  @Test
  void aThreadThatOutlivedItsStopFinishesItsJobAndClaimsNothingAfterARestart() throws Exception {
    when(queue.claim(anyString(), anyBoolean()))
        .thenReturn(Optional.of(job(1)))
        .thenReturn(Optional.empty());
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Thread> stubborn = new AtomicReference<>();
    AtomicReference<BooleanSupplier> stubbornHandBack = new AtomicReference<>();
    when(runner.run(argThat(j -> j.id() == 1), any()))
        .thenAnswer(
            invocation -> {
              stubborn.set(Thread.currentThread());
              stubbornHandBack.set(invocation.getArgument(1));
              running.countDown();
              // a stage stuck in one long native call: it cannot poll its hand-back token
              release.await();
              return "handed_back";
            });
    worker(Duration.ofMillis(50), Duration.ofMillis(100)).start();
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

    worker.stop();
    worker.start();

    assertThat(stubborn.get().isAlive()).isTrue();
    assertThat(stubbornHandBack.get().getAsBoolean())
        .as("a restart must not take back the old job's hand-back signal")
        .isTrue();
    release.countDown();
    stubborn.get().join(10_000);
    assertThat(stubborn.get().isAlive())
        .as("the outlived thread exits after its job instead of claiming alongside the new ones")
        .isFalse();
    assertThat(worker.isRunning()).isTrue();
    verify(queue, timeout(10_000).atLeast(2)).claim("w", false);
  }
}
