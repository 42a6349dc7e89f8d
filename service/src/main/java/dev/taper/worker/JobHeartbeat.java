package dev.taper.worker;

import dev.taper.metrics.MetricRecorder;
import dev.taper.observability.TaperMetrics;
import dev.taper.queue.HeartbeatAnswer;
import dev.taper.queue.JobProgress;
import dev.taper.queue.Lease;
import dev.taper.queue.StageQueue;
import dev.taper.training.CancellationToken;
import dev.taper.training.Progress;
import dev.taper.training.ProgressListener;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running job's link to the queue: keeps the latest progress the stage reports, and on a schedule
 * extends the lease and writes that progress and the metric history recorded since the last beat.
 * Its answer is the stage's cancellation token: cancellation requested, the lease lost, or the
 * worker giving the job back at shutdown. A worker whose beats have not reached the database for
 * longer than the lease counts the lease as lost, since the job may be running elsewhere by then.
 */
final class JobHeartbeat implements ProgressListener, CancellationToken, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JobHeartbeat.class);

  private final StageQueue queue;
  private final Lease lease;
  private final String kind;
  private final TaperMetrics metrics;
  private final BooleanSupplier handingBack;
  private final LongSupplier resumedFromStep;
  private final MetricRecorder history;
  private final long leaseNanos;
  private final LongSupplier nanoTime;
  private volatile long lastAnsweredNanos;
  private volatile Progress latest;
  private volatile long firstStep = -1;
  private volatile boolean cancelRequested;
  private volatile boolean leaseLost;
  private boolean stopped;
  private ScheduledFuture<?> schedule;

  /**
   * @param nanoTime the monotonic clock the lease is measured on ({@link System#nanoTime} but in
   *     tests)
   */
  JobHeartbeat(
      StageQueue queue,
      Lease lease,
      String kind,
      TaperMetrics metrics,
      BooleanSupplier handingBack,
      LongSupplier resumedFromStep,
      MetricRecorder history,
      LongSupplier nanoTime) {
    this.queue = queue;
    this.lease = lease;
    this.kind = kind;
    this.metrics = metrics;
    this.handingBack = handingBack;
    this.resumedFromStep = resumedFromStep;
    this.history = history;
    this.leaseNanos = queue.settings().lease().toNanos();
    this.nanoTime = nanoTime;
    this.lastAnsweredNanos = nanoTime.getAsLong();
  }

  synchronized JobHeartbeat start(ScheduledExecutorService scheduler, Duration interval) {
    long millis = interval.toMillis();
    schedule = scheduler.scheduleWithFixedDelay(this::beat, millis, millis, TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public void onProgress(Progress progress) {
    if (firstStep < 0) {
      firstStep = progress.step();
      long resumed = resumedFromStep.getAsLong();
      if (resumed > 0) {
        // logged here, after the checkpoint has loaded and a step has run, so that a checkpoint
        // that cannot be used is never reported as a resume
        log.info("stage job {} resumed from its checkpoint at step {}", lease.jobId(), resumed);
      }
    }
    latest = progress;
    history.progress(
        progress.step(),
        progress.totalSteps(),
        progress.layer(),
        progress.loss(),
        progress.samplesPerSecond(),
        progress.learningRate());
    metrics.trainingProgress(
        kind, progress.samplesPerSecond(), progress.loss(), progress.layer(), progress.layers());
  }

  @Override
  public void onValidation(int epoch, double accuracy) {
    history.validation(epoch, accuracy);
  }

  @Override
  public boolean isCancellationRequested() {
    return cancelRequested || leaseLost || handingBack.getAsBoolean();
  }

  @Override
  public boolean handsBack() {
    // a cancelled job ends, and a job whose lease is gone can record no checkpoint
    return handingBack.getAsBoolean() && !cancelRequested && !leaseLost;
  }

  boolean cancelRequested() {
    return cancelRequested;
  }

  boolean leaseLost() {
    return leaseLost;
  }

  boolean handingBack() {
    return handingBack.getAsBoolean();
  }

  /** Extends the lease and writes the latest progress now (the schedule calls this). */
  synchronized void beat() {
    if (stopped) {
      return;
    }
    try {
      HeartbeatAnswer answer = queue.heartbeat(lease, progress());
      lastAnsweredNanos = nanoTime.getAsLong();
      if (!answer.leaseHeld()) {
        if (!leaseLost) {
          log.warn("stage job {} lost its lease; stopping it", lease.jobId());
          metrics.heartbeatMissed();
        }
        leaseLost = true;
      } else {
        if (answer.cancelRequested() && !cancelRequested) {
          log.info("stage job {}: cancellation requested", lease.jobId());
          cancelRequested = true;
        }
        history.flush();
      }
    } catch (RuntimeException e) {
      // the database may be back before the lease runs out; if not, the lease is lost then
      metrics.heartbeatMissed();
      log.warn("heartbeat of stage job {} failed", lease.jobId(), e);
      if (!leaseLost && nanoTime.getAsLong() - lastAnsweredNanos > leaseNanos) {
        // the queue may have given the job to another worker by now: stop rather than train twice
        log.warn(
            "stage job {}: no heartbeat reached the database for longer than the lease; stopping it",
            lease.jobId());
        leaseLost = true;
      }
    }
  }

  /** The progress to store: the stage's latest report, or null before its first one. */
  JobProgress progress() {
    Progress p = latest;
    if (p == null) {
      return null;
    }
    return new JobProgress(
        p.phase(),
        p.layer(),
        p.layers(),
        p.step(),
        p.totalSteps(),
        p.loss(),
        p.samplesPerSecond(),
        p.etaSeconds(),
        firstStep,
        resumedFromStep.getAsLong());
  }

  /**
   * The progress to store with a finished job: the last report marked {@code done}, or, for a stage
   * too quick to report at all, a record built from its metrics.
   */
  JobProgress finalProgress(double samplesPerSecond) {
    Progress p = latest;
    long resumed = resumedFromStep.getAsLong();
    if (p == null) {
      return new JobProgress("done", -1, 0, 0, 0, null, samplesPerSecond, 0.0, -1, resumed);
    }
    return new JobProgress(
        "done",
        p.layer(),
        p.layers(),
        p.totalSteps(),
        p.totalSteps(),
        p.loss(),
        samplesPerSecond,
        0.0,
        firstStep,
        resumed);
  }

  /**
   * Stops heartbeating and writes the rest of the metric history (while the lease still holds);
   * waits for a beat in flight so none lands after the job is finished.
   */
  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (schedule != null) {
      schedule.cancel(false);
    }
    history.close();
  }
}
