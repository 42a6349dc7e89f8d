package dev.taper.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.taper.metrics.MetricRecorder;
import dev.taper.observability.TaperMetrics;
import dev.taper.queue.HeartbeatAnswer;
import dev.taper.queue.Lease;
import dev.taper.queue.QueueSettings;
import dev.taper.queue.StageQueue;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/** What a heartbeat makes of the queue's answers, and of no answer at all. */
class JobHeartbeatTest {

  private static final Duration LEASE = Duration.ofSeconds(1);

  private final StageQueue queue = mock(StageQueue.class);
  private final AtomicLong clock = new AtomicLong();

  @Test
  void aWorkerCutOffFromTheDatabaseStopsOnceItsLeaseHasRunOut() {
    when(queue.heartbeat(any(), any()))
        .thenThrow(new DataAccessResourceFailureException("connection refused"));
    try (JobHeartbeat heartbeat = heartbeat()) {
      heartbeat.beat();
      assertThat(heartbeat.isCancellationRequested())
          .as("a missed beat within the lease: the database may be back in time")
          .isFalse();
      clock.addAndGet(LEASE.toNanos() + 1);
      heartbeat.beat();
      assertThat(heartbeat.leaseLost()).isTrue();
      assertThat(heartbeat.isCancellationRequested()).isTrue();
    }
  }

  @Test
  void anAnsweredBeatRestartsTheCountAndALostLeaseStopsAtOnce() {
    when(queue.heartbeat(any(), any()))
        .thenThrow(new DataAccessResourceFailureException("connection refused"))
        .thenReturn(new HeartbeatAnswer(true, false))
        .thenThrow(new DataAccessResourceFailureException("connection refused"))
        .thenReturn(HeartbeatAnswer.LOST);
    try (JobHeartbeat heartbeat = heartbeat()) {
      heartbeat.beat();
      clock.addAndGet(LEASE.toNanos() / 2);
      heartbeat.beat();
      clock.addAndGet(LEASE.toNanos() * 3 / 4);
      heartbeat.beat();
      assertThat(heartbeat.leaseLost()).as("answered less than a lease ago").isFalse();
      heartbeat.beat();
      assertThat(heartbeat.leaseLost()).isTrue();
    }
  }

  @Test
  void onlyAStopThatHandsTheJobBackAsksTheStageToSaveWhatItHasDone() {
    AtomicBoolean handingBack = new AtomicBoolean();
    when(queue.heartbeat(any(), any()))
        .thenReturn(new HeartbeatAnswer(true, false))
        .thenReturn(new HeartbeatAnswer(true, true));
    try (JobHeartbeat heartbeat = heartbeat(handingBack::get)) {
      heartbeat.beat();
      assertThat(heartbeat.isCancellationRequested()).isFalse();
      handingBack.set(true);
      assertThat(heartbeat.isCancellationRequested()).isTrue();
      assertThat(heartbeat.handsBack())
          .as("the worker is shutting down: another attempt resumes the job")
          .isTrue();
      heartbeat.beat();
      assertThat(heartbeat.handsBack()).as("a cancelled job is resumed by nothing").isFalse();
    }
    when(queue.heartbeat(any(), any())).thenReturn(HeartbeatAnswer.LOST);
    try (JobHeartbeat heartbeat = heartbeat(() -> true)) {
      heartbeat.beat();
      assertThat(heartbeat.handsBack())
          .as("a job whose lease is gone can record no checkpoint")
          .isFalse();
    }
  }

  private JobHeartbeat heartbeat() {
    return heartbeat(() -> false);
  }

  private JobHeartbeat heartbeat(BooleanSupplier handingBack) {
    when(queue.settings()).thenReturn(new QueueSettings(LEASE, LEASE, LEASE, false));
    return new JobHeartbeat(
        queue,
        new Lease(1, "test-worker", 1),
        "WIDE",
        mock(TaperMetrics.class),
        handingBack,
        () -> 0,
        mock(MetricRecorder.class),
        clock::get);
  }
}
