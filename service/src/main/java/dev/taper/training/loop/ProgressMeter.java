package dev.taper.training.loop;

import dev.taper.training.Progress;
import dev.taper.training.ProgressListener;

/**
 * Turns per-step calls into a few progress reports a second, with throughput measured over the
 * window since the last report and an ETA from it.
 */
public final class ProgressMeter {

  private static final long REPORT_EVERY_NANOS = 500_000_000L;

  private final ProgressListener listener;
  private final long totalSteps;
  private final int batchSize;
  private long windowStartNanos = System.nanoTime();
  private long windowStartStep;
  private double samplesPerSecond = Double.NaN;
  private boolean reported;

  public ProgressMeter(ProgressListener listener, long totalSteps, int batchSize, long firstStep) {
    this.listener = listener;
    this.totalSteps = totalSteps;
    this.batchSize = batchSize;
    this.windowStartStep = firstStep;
  }

  /**
   * Whether a report is due: after the first step (so watchers see at once where a stage started or
   * resumed), then every half second. Callers read the loss (a device sync) only when it is.
   */
  public boolean due() {
    return !reported || System.nanoTime() - windowStartNanos >= REPORT_EVERY_NANOS;
  }

  public void report(
      String phase, int layer, int layers, long step, double loss, double learningRate) {
    long now = System.nanoTime();
    long steps = step - windowStartStep;
    if (steps > 0) {
      samplesPerSecond = steps * (double) batchSize / ((now - windowStartNanos) / 1e9);
    }
    double stepsPerSecond = samplesPerSecond / batchSize;
    double eta = stepsPerSecond > 0 ? (totalSteps - step) / stepsPerSecond : Double.NaN;
    listener.onProgress(
        new Progress(
            phase, layer, layers, step, totalSteps, loss, samplesPerSecond, eta, learningRate));
    reported = true;
    windowStartNanos = now;
    windowStartStep = step;
  }
}
