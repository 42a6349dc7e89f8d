package dev.taper.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.taper.training.ImitationConfig.HeadLoss;
import dev.taper.training.ImitationConfig.ImitationLoss;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.ImitationConfig.LayerInit;
import dev.taper.training.LearningRateSchedule;
import dev.taper.training.Optimizer;
import dev.taper.training.export.ExportFormat;
import dev.taper.training.family.ModelSpec;
import dev.taper.training.onnx.Precision;
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
    TeacherSpec teacher,
    ExportSpec export) {

  /** A spec that asks for no exports. */
  public ExperimentSpec(
      String name,
      String dataset,
      ModelSpec model,
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
    this(
        name,
        dataset,
        model,
        widenFactor,
        seed,
        device,
        wide,
        imitate,
        finetune,
        kd,
        baselines,
        limits,
        teacher,
        null);
  }

  /** The same spec with another seed (null: none given). */
  public ExperimentSpec withSeed(Long newSeed) {
    return new ExperimentSpec(
        name,
        dataset,
        model,
        widenFactor,
        newSeed,
        device,
        wide,
        imitate,
        finetune,
        kd,
        baselines,
        limits,
        teacher,
        export);
  }

  /** The same spec with other baselines. */
  public ExperimentSpec withBaselines(List<Baseline> newBaselines) {
    return new ExperimentSpec(
        name,
        dataset,
        model,
        widenFactor,
        seed,
        device,
        wide,
        imitate,
        finetune,
        kd,
        newBaselines,
        limits,
        teacher,
        export);
  }

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
   * @param varianceWeight weight of the term that keeps each thin unit varying at least as much as
   *     its layer's average
   * @param decorrelationWeight weight of the thin units' mean squared correlation with each other
   * @param logitsWeight weight of the teacher's logits in the joint phase (joint schedule only)
   * @param jumpRecovery what a phase does when its smoothed training loss jumps
   * @param layerInit how each thin layer starts before its phase: {@code standardised} random units
   *     or {@code teacher_units} fitted to the teacher's (families whose layers are an affine map
   *     and a ReLU)
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
      Double pooledTokenWeight,
      Double varianceWeight,
      Double decorrelationWeight,
      Double logitsWeight,
      JumpRecoverySpec jumpRecovery,
      LayerInit layerInit) {}

  /**
   * @param jumpFactor how far above its lowest the smoothed loss may rise before it counts as a
   *     jump
   * @param rateFactor what each rollback multiplies the learning rate by
   * @param maxRollbacks rollbacks per phase; 0 counts jumps without rolling back
   * @param restoreRate whether the rate returns to the schedule's once the smoothed loss is below
   *     its lowest before the rollback (else it stays lowered for the rest of the phase)
   */
  public record JumpRecoverySpec(
      Double jumpFactor, Double rateFactor, Integer maxRollbacks, Boolean restoreRate) {}

  public record DistillationSpec(Double alpha, Double temperature) {}

  /**
   * Fine-tuning's settings; SCRATCH, KD and DEEPER train with them too, for the thin budget.
   *
   * @param headEpochs the first epochs of {@code epochs} train only the head on the imitated
   *     features (a linear probe), then every layer trains
   * @param earlyStopping model selection on validation accuracy, for FINETUNE and the baselines
   *     alike: the network training starts from counts as a candidate, so a fine-tuning that only
   *     loses validation accuracy gives back the WARMED network; null (the default) trains every
   *     epoch and keeps the last
   * @param calibrateHead before fine-tuning, fit one temperature to the imitated network's logits
   *     on training examples and fold it into the read-out; the baselines never do
   */
  public record FinetuneSpec(
      Integer epochs,
      Integer batchSize,
      OptimizerSpec optimizer,
      DistillationSpec distillation,
      Double headEpochs,
      @JsonInclude(JsonInclude.Include.NON_NULL) EarlyStoppingSpec earlyStopping,
      Boolean calibrateHead) {}

  /**
   * @param trainExamples use only the first n training examples (after the seeded shuffle)
   * @param testExamples evaluate on only the first n test examples
   * @param validationFraction share of the training examples held out for validation
   */
  public record LimitsSpec(
      Integer trainExamples, Integer testExamples, Double validationFraction) {}

  /** Reuse a WIDE model: by id, or any whose fingerprint matches ({@code reuse: true}). */
  public record TeacherSpec(String modelId, Boolean reuse) {}

  /**
   * Exports of the THIN model to make once it is trained: one EXPORT stage per format and
   * precision. Resolved, a spec without one asks for none; one that names only precisions gets the
   * ONNX format, one that names only formats gets fp32.
   */
  public record ExportSpec(List<ExportFormat> formats, List<Precision> precisions) {

    public static final ExportSpec NONE = new ExportSpec(List.of(), List.of());

    /** Whether any export is asked for. */
    public boolean any() {
      return !formats.isEmpty() && !precisions.isEmpty();
    }
  }
}
