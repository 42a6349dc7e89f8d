package dev.taper.training;

import dev.taper.training.family.Architecture;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;

/** Baseline: a thin network with {@code factor} times the depth, trained from scratch. */
final class DeeperStage extends SupervisedStage {

  private final Architecture deeper;

  DeeperStage(Architecture thin, int depthFactor, TrainConfig config) {
    super(StageKind.DEEPER, config, null, DistillationConfig.NONE);
    this.deeper = thin.deepen(depthFactor);
  }

  @Override
  Network network(StageContext context) {
    return ModelFamilies.build(deeper, context.seed(), context.device());
  }
}
