package dev.taper.metrics;

import dev.taper.training.WireName;
import java.util.Optional;

/**
 * The series kept of every stage job. A point's step is the optimiser step, except for validation
 * accuracy, whose points are epochs (from 1).
 */
public enum MetricName implements WireName {
  /** The training loss a stage optimises (for IMITATE, the imitation loss of every phase). */
  LOSS(Axis.STEP),
  /** Accuracy on the validation split at the end of every epoch of a supervised stage. */
  VALIDATION_ACCURACY(Axis.EPOCH),
  /** IMITATE's loss of each phase, every point marked with its layer (the head is layer L + 1). */
  IMITATION_LOSS(Axis.STEP),
  /** Training throughput over the last report's window. */
  SAMPLES_PER_SECOND(Axis.STEP),
  /** The optimiser's learning rate after its schedule. */
  LEARNING_RATE(Axis.STEP);

  /** What a point's step counts. */
  public enum Axis implements WireName {
    STEP,
    EPOCH
  }

  private final Axis axis;

  MetricName(Axis axis) {
    this.axis = axis;
  }

  public Axis axis() {
    return axis;
  }

  /** The series of this wire name, e.g. {@code validation_accuracy}. */
  public static Optional<MetricName> parse(String wireName) {
    return WireName.parse(MetricName.class, wireName);
  }

  /** A name read from the database, whose check constraint admits only these. */
  static MetricName stored(String wireName) {
    return parse(wireName)
        .orElseThrow(
            () -> new IllegalStateException("unknown metric in the database: " + wireName));
  }
}
