package dev.taper.training;

/**
 * Stage 2 of the method (docs/method.md): the thin network imitates the wide one's block outputs,
 * layer by layer.
 *
 * @param stepsPerLayer optimiser steps in each phase (layers 0..L, then the head phase)
 * @param schedule progressive (phase by phase, the default) or joint (every loss at once)
 * @param loss mse, normalized_mse, variance_normalized_mse or token_normalized_mse
 * @param lowerLayerLrScale learning-rate multiplier of the blocks below the current phase; 0
 *     freezes them bit for bit
 * @param headLoss how the head phase matches the teacher's logits
 * @param headTemperature temperature of the head phase's KL
 * @param copySameShape start the thin network from the wide one's parameters wherever their shapes
 *     agree (embeddings, stems, norms, shortcuts, read-outs), before any phase
 * @param tokens how token sequences are compared beyond their features
 * @param conditioning terms that keep the thin network's own features well conditioned
 * @param logitsWeight weight of the head's loss against the teacher's logits inside the joint
 *     phase, which then trains the head too; 0 leaves the joint phase to the layers' losses (the
 *     progressive schedule has no joint phase, so it must be 0 there)
 * @param jumpRecovery what a phase does when its smoothed loss jumps; {@link JumpRecovery#OFF}
 *     counts jumps without rolling back
 * @param layerInit how each thin layer starts before its phase's first step
 */
public record ImitationConfig(
    int stepsPerLayer,
    ImitationSchedule schedule,
    ImitationLoss loss,
    double lowerLayerLrScale,
    int batchSize,
    OptimizerConfig optimizer,
    HeadLoss headLoss,
    double headTemperature,
    boolean copySameShape,
    TokenTransfer tokens,
    FeatureConditioning conditioning,
    double logitsWeight,
    JumpRecovery jumpRecovery,
    LayerInit layerInit) {

  /** As before token transfer, parameter copying and feature conditioning existed: none. */
  public ImitationConfig(
      int stepsPerLayer,
      ImitationSchedule schedule,
      ImitationLoss loss,
      double lowerLayerLrScale,
      int batchSize,
      OptimizerConfig optimizer,
      HeadLoss headLoss,
      double headTemperature) {
    this(
        stepsPerLayer,
        schedule,
        loss,
        lowerLayerLrScale,
        batchSize,
        optimizer,
        headLoss,
        headTemperature,
        false,
        TokenTransfer.NONE,
        FeatureConditioning.NONE,
        0,
        JumpRecovery.OFF,
        LayerInit.STANDARDISED);
  }

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
    if (tokens == null) {
      tokens = TokenTransfer.NONE;
    }
    if (conditioning == null) {
      conditioning = FeatureConditioning.NONE;
    }
    if (jumpRecovery == null) {
      jumpRecovery = JumpRecovery.OFF;
    }
    if (layerInit == null) {
      layerInit = LayerInit.STANDARDISED;
    }
    if (!(logitsWeight >= 0)) {
      throw new IllegalArgumentException("logitsWeight must be >= 0, was " + logitsWeight);
    }
    if (logitsWeight > 0 && schedule != ImitationSchedule.JOINT) {
      throw new IllegalArgumentException(
          "logitsWeight needs the joint schedule, which has a phase that trains every layer");
    }
  }

  /** Whether the joint phase also matches the teacher's logits. */
  public boolean jointMatchesLogits() {
    return logitsWeight > 0;
  }

  /** The same imitation at another optimiser learning rate (a study's sweep). */
  public ImitationConfig withLearningRate(double learningRate) {
    return new ImitationConfig(
        stepsPerLayer,
        schedule,
        loss,
        lowerLayerLrScale,
        batchSize,
        optimizer.withLearningRate(learningRate),
        headLoss,
        headTemperature,
        copySameShape,
        tokens,
        conditioning,
        logitsWeight,
        jumpRecovery,
        layerInit);
  }

  /**
   * What imitation compares of token sequences besides each token's features (MobileBERT's
   * knowledge transfer): each token's mean and spread, which per-token normalisation discards, and
   * the attention distributions; and how much the token the head reads counts.
   *
   * @param attentionWeight weight of KL(teacher's attention || student's) per attention block
   * @param statisticsWeight weight of the per-token mean and standard deviation terms
   * @param pooledTokenWeight weight of the pooled (class) token against 1 for every other token
   */
  public record TokenTransfer(
      double attentionWeight, double statisticsWeight, double pooledTokenWeight) {

    public static final TokenTransfer NONE = new TokenTransfer(0, 0, 1);

    public TokenTransfer {
      if (!(attentionWeight >= 0) || !(statisticsWeight >= 0) || !(pooledTokenWeight > 0)) {
        throw new IllegalArgumentException(
            "token transfer weights must be >= 0 (pooledTokenWeight > 0)");
      }
    }
  }

  /**
   * Terms on the thin network's own features at every layer imitation trains, beside the loss
   * against the teacher, after VICReg's variance and covariance terms. Imitation's losses weigh the
   * teacher's directions by their variance, so a thin layer can copy the few large ones with
   * correlated units and keep the rest in directions that hardly vary; the read-out fitted on them
   * is then huge and fine-tuning unstable. Both terms are scale-free (imitation leaves the thin
   * features' scale to the lifts) and read a feature map's channels, or a token's features, as the
   * units and every example (and position) as a sample.
   *
   * @param varianceWeight weight of the mean over units of max(0, 1 - std_j / mean std): no unit
   *     may vary much less than its layer's average
   * @param decorrelationWeight weight of the mean square of the units' correlations with each other
   */
  public record FeatureConditioning(double varianceWeight, double decorrelationWeight) {

    public static final FeatureConditioning NONE = new FeatureConditioning(0, 0);

    public FeatureConditioning {
      if (!(varianceWeight >= 0) || !(decorrelationWeight >= 0)) {
        throw new IllegalArgumentException("feature conditioning weights must be >= 0");
      }
    }

    /** Whether either term is on. */
    public boolean any() {
      return varianceWeight > 0 || decorrelationWeight > 0;
    }
  }

  /**
   * How each thin layer starts before its phase's first step, in families whose layers are an
   * affine map and a ReLU (the others keep their initialisation).
   */
  public enum LayerInit implements WireName {
    /** Its random units shifted and scaled to mean 0 and variance 1 on what they receive. */
    STANDARDISED,
    /**
     * Each unit the least-squares fit of one teacher unit's pre-activation, the units picked to
     * carry most of the teacher layer's variation.
     */
    TEACHER_UNITS
  }

  public enum ImitationSchedule implements WireName {
    PROGRESSIVE,
    JOINT
  }

  public enum ImitationLoss implements WireName {
    /** Mean squared error over every element. */
    MSE,
    /** Each example's output normalised over all its elements (no parameters), then MSE. */
    NORMALIZED_MSE,
    /**
     * Squared error over the teacher's variance across the batch: the fraction of B's variation
     * between examples that the layer fails to reproduce. Unlike {@code normalized_mse} it cannot
     * be lowered by matching the pattern every example shares, which dominates deep ReLU layers.
     */
    VARIANCE_NORMALIZED_MSE,
    /**
     * Each token (a Transformer position, a ResNet pixel, an MLP example) normalised over its
     * features, then MSE averaged over tokens, the pooled token weighted: MobileBERT's comparison.
     */
    TOKEN_NORMALIZED_MSE
  }

  public enum HeadLoss implements WireName {
    KL,
    MSE
  }
}
