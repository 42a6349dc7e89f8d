package dev.taper.training;

import dev.taper.training.family.Architecture;
import dev.taper.training.family.Network;
import dev.taper.training.imitation.Imitation;

/** The stages of go-wide-then-narrow and its baselines, by name: the one way to create them. */
public final class Stages {

  /** DEEPER: the thin network with this many times its blocks (the paper's "twice the depth"). */
  public static final int DEEPER_FACTOR = 2;

  private Stages() {}

  public static Stage wide(Architecture thin, int widenFactor, TrainConfig config) {
    return new WideStage(thin, widenFactor, config);
  }

  /** Returns the WARMED model. {@code teacher} is read only and stays the caller's to close. */
  public static Stage imitate(Architecture thin, ImitationConfig config, Network teacher) {
    return Imitation.stage(thin, config, teacher);
  }

  /** Trains {@code warmed} (taking ownership of it) into THIN. */
  public static Stage finetune(
      Network warmed, TrainConfig config, DistillationConfig distillation, Network teacherOrNull) {
    return new FinetuneStage(warmed, config, distillation, teacherOrNull);
  }

  public static Stage scratch(Architecture thin, TrainConfig config) {
    return new ScratchStage(thin, config);
  }

  public static Stage knowledgeDistillation(
      Architecture thin, TrainConfig config, DistillationConfig kd, Network teacher) {
    return new KnowledgeDistillationStage(thin, config, kd, teacher);
  }

  /** The thin network with {@link #DEEPER_FACTOR} times its blocks, trained from scratch. */
  public static Stage deeper(Architecture thin, TrainConfig config) {
    return new DeeperStage(thin, DEEPER_FACTOR, config);
  }
}
