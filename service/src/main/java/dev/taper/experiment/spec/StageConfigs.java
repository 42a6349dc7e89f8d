package dev.taper.experiment.spec;

import dev.taper.experiment.spec.ExperimentSpec.DistillationSpec;
import dev.taper.experiment.spec.ExperimentSpec.ImitateSpec;
import dev.taper.experiment.spec.ExperimentSpec.ModelSpec;
import dev.taper.experiment.spec.ExperimentSpec.OptimizerSpec;
import dev.taper.training.DistillationConfig;
import dev.taper.training.ImitationConfig;
import dev.taper.training.LearningRateSchedule;
import dev.taper.training.OptimizerConfig;
import dev.taper.training.ThinBudget;
import dev.taper.training.TrainConfig;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.MlpArchitecture;
import dev.taper.training.family.Pooling;
import dev.taper.training.family.ResNetArchitecture;
import dev.taper.training.family.TokenLayout;
import dev.taper.training.family.TransformerArchitecture;
import java.util.Arrays;
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

  /**
   * The thin network this spec describes, for a dataset's examples.
   *
   * @param exampleShape one example's shape as the dataset stores it, e.g. (1, 28, 28)
   * @throws IllegalArgumentException when the model does not fit the examples
   */
  public Architecture thin(long[] exampleShape, int classes) {
    return architecture(spec.model(), exampleShape, classes);
  }

  /**
   * The architecture of a resolved model spec for examples of this shape: an MLP reads them
   * flattened, a ResNet needs images (C, H, W), a Transformer images for {@code rows} and {@code
   * patches} or sequences (T, F) for {@code sequence}.
   *
   * @throws IllegalArgumentException when the family is unknown or the model does not fit the
   *     examples, with the architecture's own explanation
   */
  public static Architecture architecture(ModelSpec model, long[] exampleShape, int classes) {
    String family = model.family();
    if (MlpArchitecture.FAMILY.equals(family)) {
      return new MlpArchitecture(inputSize(exampleShape), model.depth(), model.width(), classes);
    }
    if (ResNetArchitecture.FAMILY.equals(family)) {
      if (exampleShape.length != 3) {
        throw new IllegalArgumentException(
            "a resnet needs image examples (channels, height, width), not "
                + Arrays.toString(exampleShape));
      }
      return new ResNetArchitecture(
          dimension(exampleShape[0]),
          dimension(exampleShape[1]),
          dimension(exampleShape[2]),
          model.stemChannels(),
          model.stemStride(),
          model.stages().stream()
              .map(s -> new ResNetArchitecture.Stage(s.blocks(), s.channels(), s.innerChannels()))
              .toList(),
          classes);
    }
    if (TransformerArchitecture.FAMILY.equals(family)) {
      return new TransformerArchitecture(
          exampleShape,
          TokenLayout.valueOf(model.tokens().toUpperCase(Locale.ROOT)),
          model.patchSize() == null ? 0 : model.patchSize(),
          model.depth(),
          model.width(),
          model.heads(),
          model.headSize(),
          model.ffnWidth(),
          Pooling.valueOf(model.pooling().toUpperCase(Locale.ROOT)),
          classes);
    }
    throw new IllegalArgumentException("unknown model family " + family);
  }

  private static int inputSize(long[] exampleShape) {
    long size = 1;
    for (long d : exampleShape) {
      size *= dimension(d);
      if (size > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "examples of shape " + Arrays.toString(exampleShape) + " are too large for an mlp");
      }
    }
    return (int) size;
  }

  private static int dimension(long size) {
    if (size < 1 || size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("example dimension " + size + " is out of range");
    }
    return (int) size;
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
