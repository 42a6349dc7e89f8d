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
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

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

  /**
   * What one run measured.
   *
   * @param loop the training loop's figures
   * @param headTemperature the temperature folded into the read-out before the first step, or NaN
   *     without {@code calibrateHead}
   */
  public record Run(TrainingLoop.Result loop, double headTemperature) {}

  /** Trains without measuring validation accuracy (benchmarks time the loop alone). */
  public Run train(Network network, DeviceSplit train, StageContext context) {
    return train(network, train, null, context);
  }

  /**
   * @param validation the split validation accuracy is measured on at every epoch's end, or null to
   *     measure none (then early stopping is unavailable)
   */
  public Run train(
      Network network, DeviceSplit train, DeviceSplit validation, StageContext context) {
    if (config.earlyStopping().enabled() && (validation == null || validation.size() == 0)) {
      throw new IllegalArgumentException(stage + ": early stopping needs validation examples");
    }
    // before the phases flatten the parameters; a resumed stage's checkpoint then overwrites the
    // read-out with the same calibrated values it was saved with, and the fit is repeated exactly
    double headTemperature =
        config.calibrateHead() ? HeadCalibration.calibrate(stage, network, train) : Double.NaN;
    double calibrationFlops = config.calibrateHead() ? HeadCalibration.flops(network, train) : 0;
    EpochSampler sampler = new EpochSampler(train.size(), config.batchSize(), context.seed());
    EpochBatches batches = new EpochBatches(train, sampler);
    long headSteps = config.headSteps(train.size());
    long totalSteps = config.totalSteps(train.size());
    List<Phase> phases = new ArrayList<>();
    try (NDManager phaseScope = network.manager().newSubManager()) {
      EpochValidation epochs =
          new EpochValidation(
              network, validation, config.earlyStopping(), context.progress(), phaseScope);
      if (headSteps > 0) {
        List<Parameter> head = network.headParameters();
        phases.add(
            new Phase(network, head, headOnlyFlops(network), batches, sampler, 0, headSteps, null));
      }
      phases.add(
          new Phase(
              network,
              network.learnableParameters(),
              withTeacherReads(PassFlops.trained(network.architecture().flopsPerExample())),
              batches,
              sampler,
              headSteps,
              totalSteps - headSteps,
              epochs));
      TrainingLoop loop =
          new TrainingLoop(
              stage, context, network.manager(), network.parameters(), config.batchSize());
      return new Run(loop.run(phases).plusFlops(calibrationFlops), headTemperature);
    } finally {
      phases.forEach(Phase::release);
    }
  }

  /** An example of the head-only phase: the frozen body's forward pass, the head trained. */
  private double headOnlyFlops(Network network) {
    long head = network.architecture().headFlopsPerExample();
    long body = network.architecture().flopsPerExample() - head;
    return withTeacherReads(PassFlops.untrained(body) + PassFlops.trained(head));
  }

  /** An example's cost plus the teacher's forward pass, when the stage distils its logits. */
  private double withTeacherReads(double flops) {
    return teacher == null
        ? flops
        : flops + PassFlops.untrained(teacher.architecture().flopsPerExample());
  }

  /**
   * One stretch of the stage's steps: all learnable parameters, or (first, for {@code headEpochs})
   * the head's alone, the rest frozen. Each phase moves its parameters into its own flat tensor
   * when it starts, so the optimiser's state covers exactly what it trains.
   */
  private final class Phase implements TrainingPhase {

    private final Network network;
    private final List<Parameter> trained;
    private final double flopsPerExample;
    private final EpochBatches batches;
    private final EpochSampler sampler;
    private final long firstStep;
    private final long steps;
    private final EpochValidation epochs;
    private final ParameterStore teacherStore;
    private FlatParameters flat;
    private long lastPhaseStep = -1;

    /**
     * @param flopsPerExample what a training example costs in this phase ({@link PassFlops})
     * @param firstStep the stage step this phase starts at, which places its epochs' ends
     * @param epochs validation and early stopping at epochs' ends, or null for a phase that
     *     measures none (the head-only one: the model it leaves is a step on the way)
     */
    Phase(
        Network network,
        List<Parameter> trained,
        double flopsPerExample,
        EpochBatches batches,
        EpochSampler sampler,
        long firstStep,
        long steps,
        EpochValidation epochs) {
      this.network = network;
      this.trained = trained;
      this.flopsPerExample = flopsPerExample;
      this.batches = batches;
      this.sampler = sampler;
      this.firstStep = firstStep;
      this.steps = steps;
      this.epochs = epochs;
      this.teacherStore = teacher == null ? null : new ParameterStore(teacher.manager(), false);
    }

    @Override
    public long steps() {
      return steps;
    }

    @Override
    public double flopsPerExample() {
      return flopsPerExample;
    }

    @Override
    public FusedOptimizer openOptimizer(NDManager owner) {
      Set<Parameter> moving = Collections.newSetFromMap(new IdentityHashMap<>());
      moving.addAll(trained);
      for (Parameter parameter : network.learnableParameters()) {
        if (!moving.contains(parameter)) {
          parameter.getArray().setRequiresGradient(false);
        }
      }
      // running statistics stay out of the flat tensor: the forward pass updates them in place
      flat = FlatParameters.adopt(trained, network.manager());
      return new FusedOptimizer(config.optimizer(), flat.flat(), steps, owner);
    }

    @Override
    public double start() {
      if (epochs != null) {
        epochs.trainingStarts();
      }
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
      lastPhaseStep = phaseStep;
      if (epochs != null && epochEnd(phaseStep)) {
        epochs.epochEnded(sampler.epochOf(firstStep + phaseStep));
      }
    }

    @Override
    public boolean boundaryAfter(long phaseStep) {
      return epochs != null && epochEnd(phaseStep);
    }

    private boolean epochEnd(long phaseStep) {
      return (firstStep + phaseStep + 1) % sampler.stepsPerEpoch() == 0;
    }

    @Override
    public boolean stopAfter(long phaseStep) {
      return epochs != null && epochs.patienceRanOut();
    }

    @Override
    public OptionalDouble finish() {
      if (epochs != null) {
        if (lastPhaseStep >= 0 && !epochEnd(lastPhaseStep)) {
          epochs.partialEpochEnded(sampler.epochOf(firstStep + lastPhaseStep));
        }
        epochs.keepBest();
      }
      release();
      return OptionalDouble.empty();
    }

    @Override
    public PhaseState state() {
      return epochs == null ? PhaseState.NONE : epochs.state();
    }

    @Override
    public void restore(PhaseState state) {
      if (epochs != null) {
        epochs.restore(state);
      }
    }

    @Override
    public String name() {
      return epochs == null ? "head" : "train";
    }

    void release() {
      if (flat != null) {
        flat.release();
        flat = null;
      }
    }
  }
}
