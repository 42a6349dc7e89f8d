package dev.taper.training;

import dev.taper.training.family.Architecture;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;

/** Baseline: the thin architecture trained from scratch with Hinton distillation from B. */
final class KnowledgeDistillationStage extends SupervisedStage {

  private final Architecture thin;

  /**
   * @param teacher the WIDE model; read only, and not closed by this stage
   */
  KnowledgeDistillationStage(
      Architecture thin, TrainConfig config, DistillationConfig kd, Network teacher) {
    super(StageKind.KD, config, teacher, requireEnabled(kd));
    this.thin = thin;
  }

  private static DistillationConfig requireEnabled(DistillationConfig kd) {
    if (!kd.enabled()) {
      throw new IllegalArgumentException("the KD baseline needs alpha > 0");
    }
    return kd;
  }

  @Override
  Network network(StageContext context) {
    return ModelFamilies.build(thin, context.seed(), context.device());
  }
}
