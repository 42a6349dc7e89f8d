package dev.taper.metrics;

import dev.taper.queue.Lease;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running job's metric history: takes every progress report, keeps about {@link
 * #POINTS_PER_SERIES} points of each series ({@link SeriesSampler}) and writes what it kept in one
 * statement per {@link #flush()}, which the worker calls with every heartbeat. History is a record
 * of training, not part of it: a failed write is logged and the points dropped, never the job.
 */
public final class MetricRecorder implements AutoCloseable {

  public static final int POINTS_PER_SERIES = 1000;

  private static final Logger log = LoggerFactory.getLogger(MetricRecorder.class);

  private final MetricHistory history;
  private final Lease lease;
  private final Map<MetricName, SeriesSampler> samplers = new EnumMap<>(MetricName.class);
  private List<RecordedPoint> buffer = new ArrayList<>();

  MetricRecorder(MetricHistory history, Lease lease, Map<MetricName, Long> storedUpTo) {
    this.history = history;
    this.lease = lease;
    for (MetricName name : MetricName.values()) {
      if (name.axis() == MetricName.Axis.STEP) {
        samplers.put(
            name, new SeriesSampler(POINTS_PER_SERIES, storedUpTo.getOrDefault(name, -1L)));
      }
    }
  }

  /**
   * One progress report of the stage.
   *
   * @param layer the imitation layer the report belongs to, or a negative number outside imitation
   */
  public synchronized void progress(
      long step,
      long totalSteps,
      int layer,
      double loss,
      double samplesPerSecond,
      double learningRate) {
    offer(MetricName.LOSS, step, totalSteps, loss, null);
    if (layer >= 0) {
      offer(MetricName.IMITATION_LOSS, step, totalSteps, loss, layer);
    }
    offer(MetricName.SAMPLES_PER_SECOND, step, totalSteps, samplesPerSecond, null);
    offer(MetricName.LEARNING_RATE, step, totalSteps, learningRate, null);
  }

  /**
   * @param epoch the epoch that ended, counted from 0 as the engine does
   */
  public synchronized void validation(int epoch, double accuracy) {
    if (Double.isFinite(accuracy)) {
      buffer.add(new RecordedPoint(MetricName.VALIDATION_ACCURACY, epoch + 1L, accuracy, null));
    }
  }

  /** Writes what was kept since the last flush, while the job's lease is held. */
  public void flush() {
    List<RecordedPoint> points;
    synchronized (this) {
      if (buffer.isEmpty()) {
        return;
      }
      points = buffer;
      buffer = new ArrayList<>();
    }
    try {
      history.append(lease, points);
    } catch (RuntimeException e) {
      log.warn(
          "stage job {}: {} metric points could not be stored", lease.jobId(), points.size(), e);
    }
  }

  /** Adds every series' last report and writes everything still held. */
  @Override
  public void close() {
    synchronized (this) {
      samplers.values().forEach(sampler -> buffer.addAll(sampler.drainTail()));
    }
    flush();
  }

  private void offer(MetricName name, long step, long totalSteps, double value, Integer layer) {
    buffer.addAll(
        samplers.get(name).offer(new RecordedPoint(name, step, value, layer), totalSteps));
  }
}
