package dev.taper.training;

import dev.taper.training.family.Architecture;

/**
 * How the thin network's training budget is counted, so that SCRATCH, KD and THIN compare fairly:
 * in training examples passed through the thin network (optimiser steps times batch size).
 * Imitation spends {@code stepsPerLayer * (L + 2) * batchSize} of them (layers 0..L and the head
 * phase), fine-tuning {@code epochs * trainSize}; a baseline gets their sum. The wide network's
 * training is not part of the thin budget: it is the teacher's cost, paid once and reusable.
 */
public final class ThinBudget {

  private ThinBudget() {}

  public static long imitationExamples(Architecture thin, ImitationConfig imitation) {
    return (long) imitation.stepsPerLayer() * imitationPhases(thin) * imitation.batchSize();
  }

  /** Phases of progressive imitation: one per layer, then the head. */
  public static int imitationPhases(Architecture thin) {
    return thin.imitationLayers() + 1;
  }

  /** Epochs a baseline trains for to see as many examples as imitation plus fine-tuning. */
  public static double baselineEpochs(
      Architecture thin, ImitationConfig imitation, double finetuneEpochs, int trainSize) {
    return finetuneEpochs + imitationExamples(thin, imitation) / (double) trainSize;
  }
}
