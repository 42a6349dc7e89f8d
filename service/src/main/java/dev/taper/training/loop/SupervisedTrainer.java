package dev.taper.training.loop;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.taper.training.DistillationConfig;
import dev.taper.training.StageContext;
import dev.taper.training.TrainConfig;
import dev.taper.training.family.Network;
import java.util.List;

/**
 * The training loop of every stage that learns from labels (WIDE, SCRATCH, DEEPER, KD, FINETUNE):
 * batches gathered on the device, one fused optimiser update per parameter, a per-step native
 * memory scope, checkpoints at epoch ends and on a timer, resumption from the latest checkpoint,
 * progress reports and cooperative cancellation.
 */
public final class SupervisedTrainer {

  private final String stage;
  private final TrainConfig config;
  private final Network teacher;
  private final DistillationConfig distillation;

  /**
   * @param teacher the network whose logits are distilled, or null to train on labels only
   */
  public SupervisedTrainer(
      String stage, TrainConfig config, Network teacher, DistillationConfig distillation) {
    this.stage = stage;
    this.config = config;
    this.teacher = distillation.enabled() ? teacher : null;
    this.distillation = distillation;
    if (distillation.enabled() && teacher == null) {
      throw new IllegalArgumentException(stage + ": distillation needs a teacher network");
    }
  }

  /** What a finished run measured. */
  public record Run(double wallSeconds, double samplesPerSecond, long examplesSeen) {}

  public Run train(Network network, DeviceSplit train, StageContext context) {
    EpochSampler sampler = new EpochSampler(train.size(), config.batchSize(), context.seed());
    long totalSteps = config.totalSteps(train.size());
    List<Parameter> parameters = network.parameters();
    // running statistics stay out of the flat tensor: the forward pass updates them in place
    FlatParameters flat = FlatParameters.adopt(network.learnableParameters(), network.manager());
    ParameterStore teacherStore =
        teacher == null ? null : new ParameterStore(teacher.manager(), false);

    try (FusedOptimizer optimizer =
            new FusedOptimizer(config.optimizer(), flat.flat(), totalSteps, network.manager());
        EpochBatches batches = new EpochBatches(train, sampler, network.manager())) {
      long firstStep = 0;
      double priorSeconds = 0;
      Checkpoint.Position resumed =
          CheckpointIo.resume(context, stage, network, parameters, optimizer);
      if (resumed != null) {
        firstStep = resumed.step();
        priorSeconds = resumed.elapsedSeconds();
      }
      ProgressMeter meter =
          new ProgressMeter(context.progress(), totalSteps, config.batchSize(), firstStep);
      CheckpointTimer checkpoints = new CheckpointTimer(context.checkpointInterval());
      long started = System.nanoTime();
      for (long step = firstStep; step < totalSteps; step++) {
        context.cancellation().throwIfCancelled();
        try (NDManager scope = network.manager().newSubManager()) {
          NDArray[] batch = batches.batch(step, scope);
          NDArray x = batch[0];
          NDArray y = batch[1];
          NDArray teacherLogits = teacher == null ? null : teacher.logits(teacherStore, x, false);
          NDArray loss;
          try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            flat.beginStep(scope);
            NDArray logits = network.logits(flat.store(), x, true);
            loss = Losses.supervised(logits, y, teacherLogits, distillation);
            collector.backward(loss);
          } finally {
            flat.endStep();
          }
          optimizer.update(scope);
          if (meter.due()) {
            meter.report("train", -1, 0, step + 1, loss.getFloat());
          }
        }
        boolean epochEnd = (step + 1) % sampler.stepsPerEpoch() == 0;
        if (step + 1 < totalSteps && (epochEnd || checkpoints.due())) {
          double elapsed = priorSeconds + (System.nanoTime() - started) / 1e9;
          CheckpointIo.save(
              context,
              new Checkpoint.Position(stage, step + 1, 0, step + 1, List.of(), elapsed),
              parameters,
              optimizer);
          checkpoints.reset();
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long stepsRun = totalSteps - firstStep;
      double throughput = seconds > 0 ? stepsRun * (double) config.batchSize() / seconds : 0;
      return new Run(priorSeconds + seconds, throughput, totalSteps * config.batchSize());
    } finally {
      flat.release();
    }
  }
}
