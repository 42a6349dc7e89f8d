package dev.taper.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides which reports of one series to keep, so that a stage keeps about {@code budget} points
 * however long it runs. The stage's steps are cut into {@code budget} equal buckets and the first
 * report in each bucket is kept; so is the first report of every imitation layer and, when the
 * layer or the series ends, its last report. The buckets depend only on the step and the stage's
 * total, so a resumed attempt keeps the points an uninterrupted one would: it skips what is already
 * stored (at or below {@code storedUpTo}) and carries on from there.
 */
final class SeriesSampler {

  private final int budget;
  private long storedUpTo;
  private long lastBucket = -1;
  private Integer lastLayer;
  private RecordedPoint pending;

  /**
   * @param storedUpTo the last step already stored for this series (by an earlier attempt), or -1
   */
  SeriesSampler(int budget, long storedUpTo) {
    this.budget = budget;
    this.storedUpTo = storedUpTo;
  }

  /** The points to store now for this report, in order (none, it, or a layer's end and it). */
  List<RecordedPoint> offer(RecordedPoint point, long totalSteps) {
    if (point.step() <= storedUpTo || !Double.isFinite(point.value())) {
      return List.of();
    }
    long bucket = bucket(point.step(), totalSteps);
    if (lastBucket < 0 && storedUpTo >= 0) {
      // resumed: the bucket of the last stored point is taken already
      lastBucket = bucket(storedUpTo, totalSteps);
    }
    boolean newLayer = lastLayer != null && !lastLayer.equals(point.layer());
    if (bucket <= lastBucket && !newLayer) {
      pending = point;
      return List.of();
    }
    List<RecordedPoint> kept = new ArrayList<>(2);
    if (newLayer && pending != null) {
      kept.add(pending);
    }
    kept.add(point);
    pending = null;
    lastBucket = bucket;
    lastLayer = point.layer();
    storedUpTo = point.step();
    return kept;
  }

  /** The series' last report, when it was not kept: a curve always ends where training did. */
  List<RecordedPoint> drainTail() {
    if (pending == null) {
      return List.of();
    }
    RecordedPoint tail = pending;
    pending = null;
    storedUpTo = tail.step();
    return List.of(tail);
  }

  private long bucket(long step, long totalSteps) {
    if (totalSteps <= 0) {
      return step;
    }
    return (long) Math.floor((double) step * budget / totalSteps);
  }
}
