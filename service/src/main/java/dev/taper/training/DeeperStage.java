package dev.taper.training;

import dev.taper.training.family.Architecture;
import dev.taper.training.family.Families;
import dev.taper.training.family.Network;

/** Baseline: a thin network with {@code factor} times the depth, trained from scratch. */
public final class DeeperStage extends SupervisedStage {

  private final Architecture deeper;

  public DeeperStage(Architecture thin, int depthFactor, TrainConfig config) {
    super(StageKind.DEEPER, config, null, DistillationConfig.NONE);
    this.deeper = thin.deepen(depthFactor);
  }

  @Override
  Network network(StageContext context) {
    return Families.build(deeper, context.seed(), context.device());
  }
}
