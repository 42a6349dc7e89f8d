package dev.taper.bench;

import dev.taper.training.ModelMetrics;

/**
 * What training a model cost in FLOPs, counted as benchmarks/README.md says: a training example is
 * a forward and a backward pass, three forward passes' worth ({@link #TRAINING_PASSES} x forward
 * FLOPs per example), and a teacher's logits or block outputs read during training cost one forward
 * pass of the teacher per example.
 */
final class TrainingFlops {

  static final int TRAINING_PASSES = 3;

  private TrainingFlops() {}

  /** Training the model the metrics describe, on the examples it saw. */
  static double training(ModelMetrics model) {
    return training(model.flopsPerExample(), model.thinExamplesSeen());
  }

  static double training(long forwardFlopsPerExample, long examples) {
    return TRAINING_PASSES * (double) forwardFlopsPerExample * examples;
  }

  /** The teacher's forward passes over the examples a student trained on. */
  static double teacherReads(ModelMetrics teacher, long examples) {
    return (double) teacher.flopsPerExample() * examples;
  }
}
