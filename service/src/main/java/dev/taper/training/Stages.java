package dev.taper.training;

import dev.taper.training.family.Architecture;
import dev.taper.training.family.Network;
import dev.taper.training.imitation.ImitationStage;

/** The stages of go-wide-then-narrow and its baselines, by name. */
public final class Stages {

  private Stages() {}

  public static Stage wide(Architecture thin, int widenFactor, TrainConfig config) {
    return new WideStage(thin, widenFactor, config);
  }

  /** Returns the WARMED model. {@code teacher} is read only and stays the caller's to close. */
  public static Stage imitate(Architecture thin, ImitationConfig config, Network teacher) {
    return new ImitationStage(thin, config, teacher);
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

  public static Stage deeper(Architecture thin, int depthFactor, TrainConfig config) {
    return new DeeperStage(thin, depthFactor, config);
  }
}
