package dev.taper.training.loop;

/**
 * A phase's training loss as read at its check steps, smoothed by an exponential moving average,
 * and the lowest that average has been: what tells a jump from a noisy batch.
 */
final class SmoothedLoss {

  /** Weight of each new reading: about the last ten readings (a hundred steps) count. */
  static final double SMOOTHING = 0.1;

  /** An average within this factor of its lowest is a state worth rolling back to. */
  static final double SETTLED_FACTOR = 1.1;

  private double average;
  private double lowest;

  SmoothedLoss() {
    this(Double.NaN, Double.POSITIVE_INFINITY);
  }

  SmoothedLoss(double average, double lowest) {
    this.average = average;
    this.lowest = lowest;
  }

  void add(double loss) {
    average = Double.isNaN(average) ? loss : (1 - SMOOTHING) * average + SMOOTHING * loss;
    lowest = Math.min(lowest, average);
  }

  /** Whether the average has risen above {@code factor} times its lowest. */
  boolean above(double factor) {
    return average > factor * lowest;
  }

  /** Whether the average is near its lowest: training is not in the middle of a jump. */
  boolean settled() {
    return average <= SETTLED_FACTOR * lowest;
  }

  SmoothedLoss copy() {
    return new SmoothedLoss(average, lowest);
  }

  double average() {
    return average;
  }

  double lowest() {
    return lowest;
  }
}
