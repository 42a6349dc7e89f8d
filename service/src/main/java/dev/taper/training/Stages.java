package dev.taper.training;

import dev.taper.training.family.Architecture;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.imitation.Imitation;

/** The stages of go-wide-then-narrow and its baselines, by name: the one way to create them. */
public final class Stages {

  /** DEEPER: the thin network with this many times its blocks (the paper's "twice the depth"). */
  public static final int DEEPER_FACTOR = 2;

  private Stages() {}

  /** Stage 1: the wide network B (every widenable dimension times k), trained on the labels. */
  public static Stage wide(Architecture thin, int widenFactor, TrainConfig config) {
    Architecture wide = thin.widen(widenFactor);
    return fromScratch(StageKind.WIDE, wide, config, null, DistillationConfig.NONE);
  }

  /** Stage 2: returns the WARMED model. {@code teacher} is read only and stays the caller's. */
  public static Stage imitate(Architecture thin, ImitationConfig config, Network teacher) {
    return Imitation.stage(thin, config, teacher);
  }

  /**
   * Stage 3: trains {@code warmed} (taking ownership of it) on the labels, optionally distilling
   * from B's logits, into THIN, the model users download.
   *
   * @param teacherOrNull the WIDE model when distilling (read only, not closed), else null
   */
  public static Stage finetune(
      Network warmed, TrainConfig config, DistillationConfig distillation, Network teacherOrNull) {
    return new SupervisedStage(
        StageKind.FINETUNE, config, teacherOrNull, distillation, context -> warmed);
  }

  /** Baseline: the thin architecture trained from random initialisation on the labels. */
  public static Stage scratch(Architecture thin, TrainConfig config) {
    return fromScratch(StageKind.SCRATCH, thin, config, null, DistillationConfig.NONE);
  }

  /**
   * Baseline: the thin architecture trained from scratch with Hinton distillation from B.
   *
   * @param teacher the WIDE model; read only, and not closed by the stage
   */
  public static Stage knowledgeDistillation(
      Architecture thin, TrainConfig config, DistillationConfig kd, Network teacher) {
    if (!kd.enabled()) {
      throw new IllegalArgumentException("the KD baseline needs alpha > 0");
    }
    return fromScratch(StageKind.KD, thin, config, teacher, kd);
  }

  /** Baseline: the thin network with {@link #DEEPER_FACTOR} times its blocks, from scratch. */
  public static Stage deeper(Architecture thin, TrainConfig config) {
    return fromScratch(
        StageKind.DEEPER, thin.deepen(DEEPER_FACTOR), config, null, DistillationConfig.NONE);
  }

  private static Stage fromScratch(
      StageKind kind,
      Architecture architecture,
      TrainConfig config,
      Network teacher,
      DistillationConfig distillation) {
    return new SupervisedStage(
        kind,
        config,
        teacher,
        distillation,
        context -> ModelFamilies.build(architecture, context.seed(), context.device()));
  }
}
