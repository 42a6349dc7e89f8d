package dev.taper.spec;

import dev.taper.spec.ExperimentSpec.DistillationSpec;
import dev.taper.spec.ExperimentSpec.EarlyStoppingSpec;
import dev.taper.spec.ExperimentSpec.ImitateSpec;
import dev.taper.spec.ExperimentSpec.OptimizerSpec;
import dev.taper.training.DistillationConfig;
import dev.taper.training.EarlyStopping;
import dev.taper.training.ImitationConfig;
import dev.taper.training.JumpRecovery;
import dev.taper.training.OptimizerConfig;
import dev.taper.training.ThinBudget;
import dev.taper.training.TrainConfig;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.ModelFamilies;

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
        new TrainConfig(
            s.wide().epochs(),
            s.wide().batchSize(),
            optimizer(s.wide().optimizer()),
            earlyStopping(s.wide().earlyStopping())),
        imitation(s.imitate()),
        new TrainConfig(
                s.finetune().epochs(),
                s.finetune().batchSize(),
                optimizer(s.finetune().optimizer()),
                earlyStopping(s.finetune().earlyStopping()))
            .withHeadEpochs(s.finetune().headEpochs())
            .withCalibrateHead(s.finetune().calibrateHead()),
        distillation(s.finetune().distillation()),
        distillation(s.kd()));
  }

  /**
   * The thin network this spec describes, for a dataset's examples.
   *
   * @param exampleShape one example's shape as the dataset stores it, e.g. (1, 28, 28)
   * @throws IllegalArgumentException when the model does not fit the examples
   */
  public Architecture thin(long[] exampleShape, int classes) {
    return ModelFamilies.architecture(spec.model(), exampleShape, classes);
  }

  /**
   * SCRATCH, KD and DEEPER: fine-tuning's settings, for imitation's plus fine-tuning's examples.
   */
  public TrainConfig baseline(Architecture thin) {
    double epochs = ThinBudget.baselineEpochs(thin, imitation, finetune.epochs(), trainSize);
    return finetune.withEpochs(epochs).withHeadEpochs(0).withCalibrateHead(false);
  }

  public int widenFactor() {
    return spec.widenFactor();
  }

  static OptimizerConfig optimizer(OptimizerSpec o) {
    return new OptimizerConfig(
        o.name(), o.learningRate(), o.weightDecay(), o.schedule(), o.warmupSteps());
  }

  static ImitationConfig imitation(ImitateSpec i) {
    return new ImitationConfig(
        i.stepsPerLayer(),
        i.schedule(),
        i.loss(),
        i.lowerLayerLrScale(),
        i.batchSize(),
        optimizer(i.optimizer()),
        i.headLoss(),
        i.headTemperature(),
        i.copySameShape(),
        new ImitationConfig.TokenTransfer(
            i.attentionWeight(), i.statisticsWeight(), i.pooledTokenWeight()),
        new ImitationConfig.FeatureConditioning(i.varianceWeight(), i.decorrelationWeight()),
        i.logitsWeight(),
        new JumpRecovery(
            i.jumpRecovery().jumpFactor(),
            i.jumpRecovery().rateFactor(),
            i.jumpRecovery().maxRollbacks(),
            i.jumpRecovery().restoreRate()),
        i.layerInit());
  }

  /** The early stopping a stage trains with: none where the spec asks for none. */
  public static EarlyStopping earlyStopping(EarlyStoppingSpec e) {
    return e == null ? EarlyStopping.NONE : new EarlyStopping(e.patience(), e.minDelta());
  }

  static DistillationConfig distillation(DistillationSpec d) {
    return new DistillationConfig(d.alpha(), d.temperature());
  }
}
