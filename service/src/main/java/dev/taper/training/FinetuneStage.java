package dev.taper.training;

import dev.taper.training.family.Network;

/**
 * Stage 3: trains the merged (WARMED) thin network on the labels, optionally distilling from B's
 * logits. Produces THIN, the model users download.
 */
final class FinetuneStage extends SupervisedStage {

  private final Network warmed;

  /**
   * @param warmed the network to train, whose ownership passes to this stage (and on to the
   *     outcome)
   * @param teacher the WIDE model when distilling (read only, not closed), else null
   */
  FinetuneStage(
      Network warmed, TrainConfig config, DistillationConfig distillation, Network teacher) {
    super(StageKind.FINETUNE, config, teacher, distillation);
    this.warmed = warmed;
  }

  @Override
  Network network(StageContext context) {
    return warmed;
  }
}
