package dev.taper.training;

import dev.taper.training.family.Network;
import dev.taper.training.loop.DeviceSplits;
import dev.taper.training.loop.GradMode;
import dev.taper.training.loop.SupervisedTrainer;
import java.util.function.Function;

/**
 * A stage that trains one network on the labels, optionally distilling from a teacher: WIDE,
 * FINETUNE and the baselines differ only in the network they train ({@link Stages} says which).
 */
final class SupervisedStage implements Stage {

  private final StageKind kind;
  private final TrainConfig config;
  private final Network teacher;
  private final DistillationConfig distillation;
  private final Function<StageContext, Network> network;

  /**
   * @param network the network to train, made when the stage runs; the stage owns it until it is
   *     handed over in the outcome
   * @param teacher the network whose logits are distilled (read only, not closed), or null
   */
  SupervisedStage(
      StageKind kind,
      TrainConfig config,
      Network teacher,
      DistillationConfig distillation,
      Function<StageContext, Network> network) {
    this.kind = kind;
    this.config = config;
    this.teacher = teacher;
    this.distillation = distillation;
    this.network = network;
  }

  @Override
  public StageKind kind() {
    return kind;
  }

  @Override
  public StageOutcome run(StageContext context) {
    GradMode.offOutsideCollectors();
    Network trained = network.apply(context);
    try (DeviceSplits splits =
        DeviceSplits.upload(
            context.data(), trained.architecture().inputShape(), context.device())) {
      SupervisedTrainer trainer = new SupervisedTrainer(kind.name(), config, teacher, distillation);
      SupervisedTrainer.Run run =
          trainer.train(trained, splits.train(), splits.validation(), context);
      return new StageOutcome(
          trained,
          StageReport.measure(trained, splits, run.loop(), Double.NaN, run.headTemperature()));
    } catch (RuntimeException | Error e) {
      trained.close();
      throw e;
    }
  }
}
