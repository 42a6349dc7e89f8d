package dev.taper.training;

import dev.taper.training.family.Network;
import dev.taper.training.loop.DeviceSplits;
import dev.taper.training.loop.GradMode;
import dev.taper.training.loop.SupervisedTrainer;
import dev.taper.training.loop.TrainingLoop;

/** A stage that trains one network on the labels; subclasses say which network and teacher. */
abstract class SupervisedStage implements Stage {

  private final StageKind kind;
  private final TrainConfig config;
  private final Network teacher;
  private final DistillationConfig distillation;

  SupervisedStage(
      StageKind kind, TrainConfig config, Network teacher, DistillationConfig distillation) {
    this.kind = kind;
    this.config = config;
    this.teacher = teacher;
    this.distillation = distillation;
  }

  /** The network to train; the stage owns it until it is handed over in the outcome. */
  abstract Network network(StageContext context);

  @Override
  public StageKind kind() {
    return kind;
  }

  @Override
  public StageOutcome run(StageContext context) {
    GradMode.offOutsideCollectors();
    Network network = network(context);
    try (DeviceSplits splits =
        DeviceSplits.upload(
            context.data(), network.architecture().inputShape(), context.device())) {
      SupervisedTrainer trainer = new SupervisedTrainer(kind.name(), config, teacher, distillation);
      TrainingLoop.Result run = trainer.train(network, splits.train(), context);
      return new StageOutcome(network, StageReport.measure(network, splits, run, Double.NaN));
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
  }
}
