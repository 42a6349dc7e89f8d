package dev.taper.training;

import dev.taper.training.family.Architecture;
import dev.taper.training.family.Families;
import dev.taper.training.family.Network;

/** Baseline: the thin architecture trained from random initialisation on the labels. */
public final class ScratchStage extends SupervisedStage {

  private final Architecture thin;

  public ScratchStage(Architecture thin, TrainConfig config) {
    super(StageKind.SCRATCH, config, null, DistillationConfig.NONE);
    this.thin = thin;
  }

  @Override
  Network network(StageContext context) {
    return Families.build(thin, context.seed(), context.device());
  }
}
