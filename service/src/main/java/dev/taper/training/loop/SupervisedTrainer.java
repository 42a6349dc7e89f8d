package dev.taper.training.loop;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.taper.training.DistillationConfig;
import dev.taper.training.StageContext;
import dev.taper.training.TrainConfig;
import dev.taper.training.family.Network;
import java.util.List;

/**
 * Training on the labels (WIDE, SCRATCH, DEEPER, KD, FINETUNE) as one phase of the {@link
 * TrainingLoop}: each step's batch gathered on the device from the uploaded split, every learnable
 * parameter in one flat tensor updated by one fused optimiser call, optional distillation from a
 * teacher's logits, validation accuracy and a checkpoint at every epoch's end, and optional early
 * stopping on validation accuracy.
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

  /** Trains without measuring validation accuracy (benchmarks time the loop alone). */
  public TrainingLoop.Result train(Network network, DeviceSplit train, StageContext context) {
    return train(network, train, null, context);
  }

  /**
   * @param validation the split validation accuracy is measured on at every epoch's end, or null to
   *     measure none (then early stopping is unavailable)
   */
  public TrainingLoop.Result train(
      Network network, DeviceSplit train, DeviceSplit validation, StageContext context) {
    if (config.earlyStopping().enabled() && (validation == null || validation.size() == 0)) {
      throw new IllegalArgumentException(stage + ": early stopping needs validation examples");
    }
    EpochSampler sampler = new EpochSampler(train.size(), config.batchSize(), context.seed());
    // running statistics stay out of the flat tensor: the forward pass updates them in place
    FlatParameters flat = FlatParameters.adopt(network.learnableParameters(), network.manager());
    EpochBatches batches = new EpochBatches(train, sampler);
    try (NDManager phaseScope = network.manager().newSubManager()) {
      EpochValidation epochs =
          new EpochValidation(
              network, validation, config.earlyStopping(), context.progress(), phaseScope);
      TrainingLoop loop =
          new TrainingLoop(
              stage, context, network.manager(), network.parameters(), config.batchSize());
      return loop.run(List.of(new Phase(network, flat, batches, sampler, train.size(), epochs)));
    } finally {
      flat.release();
    }
  }

  private final class Phase implements TrainingPhase {

    private final Network network;
    private final FlatParameters flat;
    private final EpochBatches batches;
    private final EpochSampler sampler;
    private final long steps;
    private final EpochValidation epochs;
    private final ParameterStore teacherStore;

    Phase(
        Network network,
        FlatParameters flat,
        EpochBatches batches,
        EpochSampler sampler,
        int trainSize,
        EpochValidation epochs) {
      this.network = network;
      this.flat = flat;
      this.batches = batches;
      this.sampler = sampler;
      this.steps = config.totalSteps(trainSize);
      this.epochs = epochs;
      this.teacherStore = teacher == null ? null : new ParameterStore(teacher.manager(), false);
    }

    @Override
    public long steps() {
      return steps;
    }

    @Override
    public FusedOptimizer openOptimizer(NDManager owner) {
      return new FusedOptimizer(config.optimizer(), flat.flat(), steps, owner);
    }

    @Override
    public double start() {
      return Double.NaN;
    }

    @Override
    public NDArray step(long step, NDManager scope) {
      NDArray[] batch = batches.batch(step, scope);
      NDArray x = batch[0];
      NDArray y = batch[1];
      NDArray teacherLogits = teacher == null ? null : teacher.logits(teacherStore, x, false);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        flat.beginStep(scope);
        NDArray logits = network.logits(flat.store(), x, true);
        NDArray loss = Losses.supervised(logits, y, teacherLogits, distillation);
        collector.backward(loss);
        return loss;
      } finally {
        flat.endStep();
      }
    }

    @Override
    public void afterStep(long phaseStep) {
      if (epochEnd(phaseStep)) {
        epochs.epochEnded(sampler.epochOf(phaseStep));
      }
    }

    @Override
    public boolean boundaryAfter(long phaseStep) {
      return epochEnd(phaseStep);
    }

    private boolean epochEnd(long phaseStep) {
      return (phaseStep + 1) % sampler.stepsPerEpoch() == 0;
    }

    @Override
    public boolean stopAfter(long phaseStep) {
      return epochs.patienceRanOut();
    }

    @Override
    public double finish() {
      epochs.keepBest();
      return Double.NaN;
    }

    @Override
    public PhaseState state() {
      return epochs.state();
    }

    @Override
    public void restore(PhaseState state) {
      epochs.restore(state);
    }

    @Override
    public String name() {
      return "train";
    }
  }
}
