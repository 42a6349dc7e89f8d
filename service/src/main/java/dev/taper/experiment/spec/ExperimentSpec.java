package dev.taper.experiment.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
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

  /**
   * The thin network. Which fields apply depends on the family; the others stay null (and are left
   * out of the JSON, so an MLP spec reads, hashes and fingerprints as it did before the other
   * families existed).
   *
   * <ul>
   *   <li>{@code mlp}: {@code depth} hidden layers of {@code width} units.
   *   <li>{@code resnet}: a stem of {@code stemChannels} at {@code stemStride} (1 or 2), then
   *       {@code stages} of bottleneck blocks.
   *   <li>{@code transformer}: {@code depth} blocks of residual {@code width}, {@code heads} heads
   *       of {@code headSize}, an FFN of {@code ffnWidth}; {@code tokens} is {@code rows}, {@code
   *       patches} (with {@code patchSize}) or {@code sequence}; {@code pooling} is {@code cls} or
   *       {@code mean}.
   * </ul>
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ModelSpec(
      String family,
      Integer depth,
      Integer width,
      Integer stemChannels,
      Integer stemStride,
      List<StageSpec> stages,
      String tokens,
      Integer patchSize,
      Integer heads,
      Integer headSize,
      Integer ffnWidth,
      String pooling) {

    /** An MLP of {@code depth} hidden layers of {@code width} units. */
    public static ModelSpec mlp(int depth, int width) {
      return new ModelSpec(
          "mlp", depth, width, null, null, null, null, null, null, null, null, null);
    }
  }

  /**
   * One ResNet stage.
   *
   * @param channels the interface channels every block of the stage outputs (kept when widening)
   * @param innerChannels the bottleneck's inner channels (multiplied by the widen factor)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StageSpec(Integer blocks, Integer channels, Integer innerChannels) {}

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
