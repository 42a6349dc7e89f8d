package dev.taper.training;

import dev.taper.training.family.Architecture;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;

/** Stage 1: trains the wide network B (every widenable dimension times k) on the labels. */
final class WideStage extends SupervisedStage {

  private final Architecture wide;

  WideStage(Architecture thin, int widenFactor, TrainConfig config) {
    super(StageKind.WIDE, config, null, DistillationConfig.NONE);
    this.wide = thin.widen(widenFactor);
  }

  @Override
  Network network(StageContext context) {
    return ModelFamilies.build(wide, context.seed(), context.device());
  }
}
