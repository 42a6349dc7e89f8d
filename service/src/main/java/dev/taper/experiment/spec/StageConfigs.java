package dev.taper.experiment.spec;

import dev.taper.experiment.spec.ExperimentSpec.DistillationSpec;
import dev.taper.experiment.spec.ExperimentSpec.ImitateSpec;
import dev.taper.experiment.spec.ExperimentSpec.OptimizerSpec;
import dev.taper.training.DistillationConfig;
import dev.taper.training.ImitationConfig;
import dev.taper.training.LearningRateSchedule;
import dev.taper.training.OptimizerConfig;
import dev.taper.training.ThinBudget;
import dev.taper.training.TrainConfig;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.MlpArchitecture;
import java.util.Locale;

/**
 * A resolved spec translated into the engine's stage configurations. The baselines' budget is
 * matched to imitation plus fine-tuning in thin-network training examples ({@link ThinBudget}).
 */
public record StageConfigs(
    ExperimentSpec spec,
    int trainSize,
    TrainConfig wide,
    ImitationConfig imitation,
    TrainConfig finetune,
    DistillationConfig finetuneDistillation,
    DistillationConfig kd) {

  /**
   * @param resolvedSpec a spec passed through {@link SpecDefaults#resolve}
   * @param trainSize training examples after limits and the validation hold-out
   */
  public static StageConfigs from(ExperimentSpec resolvedSpec, int trainSize) {
    ExperimentSpec s = resolvedSpec;
    return new StageConfigs(
        s,
        trainSize,
        new TrainConfig(s.wide().epochs(), s.wide().batchSize(), optimizer(s.wide().optimizer())),
        imitation(s.imitate()),
        new TrainConfig(
            s.finetune().epochs(), s.finetune().batchSize(), optimizer(s.finetune().optimizer())),
        distillation(s.finetune().distillation()),
        distillation(s.kd()));
  }

  public Architecture thin(int inputSize, int classes) {
    var model = spec.model();
    if (!MlpArchitecture.FAMILY.equals(model.family())) {
      throw new IllegalArgumentException("unknown model family " + model.family());
    }
    return new MlpArchitecture(inputSize, model.depth(), model.width(), classes);
  }

  /**
   * SCRATCH, KD and DEEPER: fine-tuning's settings, for imitation's plus fine-tuning's examples.
   */
  public TrainConfig baseline(Architecture thin) {
    double epochs = ThinBudget.baselineEpochs(thin, imitation, finetune.epochs(), trainSize);
    return finetune.withEpochs(epochs);
  }

  public int widenFactor() {
    return spec.widenFactor();
  }

  static OptimizerConfig optimizer(OptimizerSpec o) {
    return new OptimizerConfig(
        o.name().toLowerCase(Locale.ROOT),
        o.learningRate(),
        o.weightDecay(),
        LearningRateSchedule.valueOf(o.schedule().toUpperCase(Locale.ROOT)),
        o.warmupSteps());
  }

  static ImitationConfig imitation(ImitateSpec i) {
    return new ImitationConfig(
        i.stepsPerLayer(),
        ImitationConfig.ImitationSchedule.valueOf(i.schedule().toUpperCase(Locale.ROOT)),
        ImitationConfig.ImitationLoss.valueOf(i.loss().toUpperCase(Locale.ROOT)),
        i.lowerLayerLrScale(),
        i.batchSize(),
        optimizer(i.optimizer()),
        ImitationConfig.HeadLoss.valueOf(i.headLoss().toUpperCase(Locale.ROOT)),
        i.headTemperature());
  }

  static DistillationConfig distillation(DistillationSpec d) {
    return new DistillationConfig(d.alpha(), d.temperature());
  }
}
