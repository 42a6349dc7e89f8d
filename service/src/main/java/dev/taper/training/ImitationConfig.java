package dev.taper.training;

/**
 * Stage 2 of the method (docs/method.md): the thin network imitates the wide one's block outputs,
 * layer by layer.
 *
 * @param stepsPerLayer optimiser steps in each phase (layers 0..L, then the head phase)
 * @param schedule progressive (phase by phase, the default) or joint (every loss at once)
 * @param loss mse or normalized_mse
 * @param lowerLayerLrScale learning-rate multiplier of the blocks below the current phase; 0
 *     freezes them bit for bit
 * @param headLoss how the head phase matches the teacher's logits
 * @param headTemperature temperature of the head phase's KL
 */
public record ImitationConfig(
    int stepsPerLayer,
    ImitationSchedule schedule,
    ImitationLoss loss,
    double lowerLayerLrScale,
    int batchSize,
    OptimizerConfig optimizer,
    HeadLoss headLoss,
    double headTemperature) {

  public ImitationConfig {
    if (stepsPerLayer < 1) {
      throw new IllegalArgumentException("stepsPerLayer must be >= 1, was " + stepsPerLayer);
    }
    if (lowerLayerLrScale < 0 || lowerLayerLrScale > 1) {
      throw new IllegalArgumentException(
          "lowerLayerLrScale must be in [0, 1], was " + lowerLayerLrScale);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
    }
    if (!(headTemperature > 0)) {
      throw new IllegalArgumentException("headTemperature must be > 0, was " + headTemperature);
    }
  }

  public enum ImitationSchedule implements WireName {
    PROGRESSIVE,
    JOINT
  }

  public enum ImitationLoss implements WireName {
    MSE,
    NORMALIZED_MSE
  }

  public enum HeadLoss implements WireName {
    KL,
    MSE
  }
}
