package dev.taper.training;

import dev.taper.training.family.Architecture;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;

/** Baseline: the thin architecture trained from random initialisation on the labels. */
final class ScratchStage extends SupervisedStage {

  private final Architecture thin;

  ScratchStage(Architecture thin, TrainConfig config) {
    super(StageKind.SCRATCH, config, null, DistillationConfig.NONE);
    this.thin = thin;
  }

  @Override
  Network network(StageContext context) {
    return ModelFamilies.build(thin, context.seed(), context.device());
  }
}
