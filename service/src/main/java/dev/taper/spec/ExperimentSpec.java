package dev.taper.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.taper.training.ImitationConfig.HeadLoss;
import dev.taper.training.ImitationConfig.ImitationLoss;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.LearningRateSchedule;
import dev.taper.training.Optimizer;
import dev.taper.training.family.ModelSpec;
import java.util.List;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * An experiment as users write it (POST /api/v1/experiments, and the study command's input). Every
 * field may be left out; {@link SpecDefaults#resolve} fills in the defaults.
 *
 * @param model the thin network; its fields depend on its {@code family} (the default family when
 *     not named)
 */
public record ExperimentSpec(
    String name,
    String dataset,
    @JsonDeserialize(using = ModelSpecDeserializer.class) ModelSpec model,
    Integer widenFactor,
    Long seed,
    ComputeDevice device,
    TrainingSpec wide,
    ImitateSpec imitate,
    FinetuneSpec finetune,
    DistillationSpec kd,
    List<Baseline> baselines,
    LimitsSpec limits,
    TeacherSpec teacher) {

  public record OptimizerSpec(
      Optimizer name,
      Double learningRate,
      Double weightDecay,
      LearningRateSchedule schedule,
      Integer warmupSteps) {}

  /**
   * @param epochs the budget: with early stopping, the most epochs training may take
   */
  public record TrainingSpec(
      Integer epochs,
      Integer batchSize,
      OptimizerSpec optimizer,
      @JsonInclude(JsonInclude.Include.NON_NULL) EarlyStoppingSpec earlyStopping) {}

  /**
   * Stop when validation accuracy has not improved by {@code minDelta} (a fraction) for {@code
   * patience} epochs, and keep the best epoch's parameters; {@code patience} 0 trains every epoch.
   */
  public record EarlyStoppingSpec(Integer patience, Double minDelta) {}

  /**
   * @param copySameShape start the thin network from WIDE's parameters wherever shapes agree
   * @param attentionWeight weight of the attention-distribution KL (Transformers)
   * @param statisticsWeight weight of the per-token mean and spread terms ({@code
   *     token_normalized_mse})
   * @param pooledTokenWeight weight of the token the head reads (a class token) against 1 for the
   *     others ({@code token_normalized_mse})
   */
  public record ImitateSpec(
      Integer stepsPerLayer,
      ImitationSchedule schedule,
      ImitationLoss loss,
      Double lowerLayerLrScale,
      Integer batchSize,
      OptimizerSpec optimizer,
      HeadLoss headLoss,
      Double headTemperature,
      Boolean copySameShape,
      Double attentionWeight,
      Double statisticsWeight,
      Double pooledTokenWeight) {}

  public record DistillationSpec(Double alpha, Double temperature) {}

  public record FinetuneSpec(
      Integer epochs, Integer batchSize, OptimizerSpec optimizer, DistillationSpec distillation) {}

  /**
   * @param trainExamples use only the first n training examples (after the seeded shuffle)
   * @param testExamples evaluate on only the first n test examples
   * @param validationFraction share of the training examples held out for validation
   */
  public record LimitsSpec(
      Integer trainExamples, Integer testExamples, Double validationFraction) {}

  /** Reuse a WIDE model: by id, or any whose fingerprint matches ({@code reuse: true}). */
  public record TeacherSpec(String modelId, Boolean reuse) {}
}
