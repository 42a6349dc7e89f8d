package dev.taper.training.loop;

import dev.taper.training.Progress;
import dev.taper.training.ProgressListener;
import java.util.function.LongSupplier;

/**
 * Turns per-step calls into a few progress reports a second, with throughput and an ETA from it.
 * The throughput is an average over the last several seconds in which older windows weigh less
 * ({@link #SMOOTHING_SECONDS}), not the last half second alone: a half-second window that holds a
 * checkpoint, a validation pass or a moment the machine was busy elsewhere would make the rate and
 * the ETA jump by ten times from one report to the next, where the stage's pace has not changed.
 */
public final class ProgressMeter {

  private static final long REPORT_EVERY_NANOS = 500_000_000L;

  /** A window this many seconds old weighs 1/e of a new one. */
  static final double SMOOTHING_SECONDS = 10;

  private final ProgressListener listener;
  private final long totalSteps;
  private final int batchSize;
  private final LongSupplier nanoTime;
  private long windowStartNanos;
  private long windowStartStep;
  private double weightedSteps;
  private double weightedSeconds;
  private boolean reported;

  public ProgressMeter(ProgressListener listener, long totalSteps, int batchSize, long firstStep) {
    this(listener, totalSteps, batchSize, firstStep, System::nanoTime);
  }

  ProgressMeter(
      ProgressListener listener,
      long totalSteps,
      int batchSize,
      long firstStep,
      LongSupplier nanoTime) {
    this.listener = listener;
    this.totalSteps = totalSteps;
    this.batchSize = batchSize;
    this.nanoTime = nanoTime;
    this.windowStartNanos = nanoTime.getAsLong();
    this.windowStartStep = firstStep;
  }

  /**
   * Whether a report is due: after the first step (so watchers see at once where a stage started or
   * resumed), then every half second. Callers read the loss (a device sync) only when it is.
   */
  public boolean due() {
    return !reported || nanoTime.getAsLong() - windowStartNanos >= REPORT_EVERY_NANOS;
  }

  public void report(
      String phase, int layer, int layers, long step, double loss, double learningRate) {
    long now = nanoTime.getAsLong();
    double seconds = (now - windowStartNanos) / 1e9;
    // a report at the step of the last one (a phase's end, after its validation pass) measures
    // no steps: its time is counted with the next window's steps, not as a stall
    boolean stepsRan = step > windowStartStep;
    if (stepsRan && seconds > 0) {
      double older = Math.exp(-seconds / SMOOTHING_SECONDS);
      weightedSteps = weightedSteps * older + (step - windowStartStep);
      weightedSeconds = weightedSeconds * older + seconds;
    }
    double stepsPerSecond =
        weightedSteps > 0 && weightedSeconds > 0 ? weightedSteps / weightedSeconds : Double.NaN;
    double eta = stepsPerSecond > 0 ? (totalSteps - step) / stepsPerSecond : Double.NaN;
    listener.onProgress(
        new Progress(
            phase,
            layer,
            layers,
            step,
            totalSteps,
            loss,
            stepsPerSecond * batchSize,
            eta,
            learningRate));
    reported = true;
    if (stepsRan) {
      windowStartNanos = now;
      windowStartStep = step;
    }
  }
}
