package dev.taper.experiment.spec;

import java.util.List;

/**
 * An experiment as users write it (POST /api/v1/experiments, and the study command's input). Every
 * field may be left out; {@link SpecDefaults#resolve} fills in the defaults.
 */
public record ExperimentSpec(
    String name,
    String dataset,
    ModelSpec model,
    Integer widenFactor,
    Long seed,
    String device,
    TrainingSpec wide,
    ImitateSpec imitate,
    FinetuneSpec finetune,
    DistillationSpec kd,
    List<String> baselines,
    LimitsSpec limits,
    TeacherSpec teacher) {

  public record ModelSpec(String family, Integer depth, Integer width) {}

  public record OptimizerSpec(
      String name, Double learningRate, Double weightDecay, String schedule, Integer warmupSteps) {}

  public record TrainingSpec(Integer epochs, Integer batchSize, OptimizerSpec optimizer) {}

  public record ImitateSpec(
      Integer stepsPerLayer,
      String schedule,
      String loss,
      Double lowerLayerLrScale,
      Integer batchSize,
      OptimizerSpec optimizer,
      String headLoss,
      Double headTemperature) {}

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
