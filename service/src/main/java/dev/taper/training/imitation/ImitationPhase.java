package dev.taper.training.imitation;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.taper.training.ImitationConfig;
import dev.taper.training.JumpRecovery;
import dev.taper.training.family.Network;
import dev.taper.training.loop.DeviceSplit;
import dev.taper.training.loop.EpochSampler;
import dev.taper.training.loop.FusedOptimizer;
import dev.taper.training.loop.ParameterGroup;
import dev.taper.training.loop.TrainingPhase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * One imitation phase as the training loop runs it: which parameters it trains (and at what rate),
 * its fitted starting point, its loss on the probe batch before and after, and its steps.
 */
final class ImitationPhase implements TrainingPhase {

  /** Examples of the fixed batch on which each phase's start and end loss are measured. */
  static final int PROBE_EXAMPLES = 512;

  private final Phase phase;
  private final ImitationCost cost;
  private final SBar sBar;
  private final ImitationConfig config;
  private final DeviceSplit train;
  private final EpochSampler sampler;
  private final List<Parameter> all;
  private final ParameterStore teacherStore;

  /**
   * @param cost what the phase's steps and fits cost
   * @param all every parameter of S-bar, whose gradients this phase switches on or off
   */
  ImitationPhase(
      Phase phase,
      ImitationCost cost,
      SBar sBar,
      ImitationConfig config,
      DeviceSplit train,
      EpochSampler sampler,
      List<Parameter> all) {
    this.phase = phase;
    this.cost = cost;
    this.sBar = sBar;
    this.config = config;
    this.train = train;
    this.sampler = sampler;
    this.all = all;
    this.teacherStore = new ParameterStore(sBar.teacher().manager(), false);
  }

  @Override
  public long steps() {
    return phase.steps();
  }

  @Override
  public double flopsPerExample() {
    return cost.stepFlopsPerExample(phase);
  }

  @Override
  public double startFlops() {
    return cost.startFlops(phase, train.size());
  }

  @Override
  public FusedOptimizer openOptimizer(NDManager owner) {
    List<ParameterGroup> groups = groups();
    setTrainable(groups);
    return new FusedOptimizer(config.optimizer(), groups, phase.steps(), owner);
  }

  @Override
  public double start() {
    PhaseInitialiser.initialise(sBar, phase, train, teacherStore);
    return probeLoss();
  }

  @Override
  public NDArray step(long step, NDManager scope) {
    NDArray x = train.features(scope.create(sampler.batch(step)), scope);
    SBar.Targets targets = sBar.targets(x, phase, teacherStore);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray loss = sBar.loss(x, phase, targets, true);
      collector.backward(loss);
      return loss;
    }
  }

  @Override
  public boolean boundaryAfter(long phaseStep) {
    return false;
  }

  @Override
  public Optional<JumpRecovery> jumpRecovery() {
    return Optional.of(config.jumpRecovery());
  }

  @Override
  public OptionalDouble finish() {
    return OptionalDouble.of(probeLoss());
  }

  @Override
  public String name() {
    return phase.head() ? "head" : "imitate";
  }

  @Override
  public int layer() {
    return phase.head() ? layers() : phase.layer();
  }

  @Override
  public int layers() {
    return sBar.thin().layerCount();
  }

  /**
   * The trainable parameters of a phase: layer i with the drop that feeds it and the lift that
   * follows it; everything below at {@code lowerLayerLrScale}. Joint trains all layers fully, and
   * the head too when it matches the teacher's logits.
   */
  private List<ParameterGroup> groups() {
    Network network = sBar.thin();
    ImitationPairs pairs = sBar.pairs();
    List<Parameter> current = new ArrayList<>();
    List<Parameter> lower = new ArrayList<>();
    if (phase.head()) {
      current.addAll(network.headParameters());
      for (int j = 0; j < network.layerCount(); j++) {
        lower.addAll(pairs.dropParameters(j));
        lower.addAll(network.layerParameters(j));
        if (j + 1 < network.layerCount()) {
          lower.addAll(pairs.liftParameters(j));
        }
      }
    } else {
      for (int j = 0; j <= phase.layer(); j++) {
        List<Parameter> target = phase.joint() || j == phase.layer() ? current : lower;
        target.addAll(pairs.dropParameters(j));
        target.addAll(network.layerParameters(j));
        target.addAll(pairs.liftParameters(j));
      }
      if (sBar.matchesLogits(phase)) {
        current.addAll(network.headParameters());
      }
    }
    double currentScale = phase.head() ? headLearningRateScale() : 1;
    return List.of(
        new ParameterGroup(current, currentScale),
        new ParameterGroup(lower, config.lowerLayerLrScale()));
  }

  /**
   * The head phase's learning-rate scale: one over the RMS of the head's input, when that is above
   * 1. Adam moves every weight by about the learning rate per step, which moves the logits by that
   * times the features' magnitude. Imitation matches the features' direction, not their scale, and
   * after a deep imitation they can be in the thousands, where an unscaled step overshoots the
   * logits by orders of magnitude (a depth-24, width-16 MLP's head loss rose from 10 to 1e5 within
   * 80 steps at 3e-4). The features below the head are frozen in this phase, so the scale is fixed
   * for the phase and the same when it resumes.
   */
  private double headLearningRateScale() {
    Network network = sBar.thin();
    int n = Math.min(PROBE_EXAMPLES, train.size());
    try (NDManager scope = network.manager().newSubManager()) {
      NDArray h = sBar.features(train.featureRange(0, n, scope), network.layerCount() - 1, false);
      double rms = Rms.of(h);
      return 1 / Math.max(1, rms);
    }
  }

  /** Only parameters the optimiser moves record gradients: frozen blocks stay bit-for-bit. */
  private void setTrainable(List<ParameterGroup> groups) {
    Set<Parameter> trainable = new HashSet<>();
    for (ParameterGroup group : groups) {
      if (group.learningRateScale() > 0) {
        trainable.addAll(group.parameters());
      }
    }
    for (Parameter parameter : all) {
      parameter.getArray().setRequiresGradient(trainable.contains(parameter));
    }
  }

  /**
   * The phase's own loss on the probe batch, with the layers it trains in training mode (batch
   * statistics, as the optimiser saw them); running statistics are restored afterwards, so probing
   * changes nothing.
   */
  private double probeLoss() {
    int n = Math.min(PROBE_EXAMPLES, train.size());
    try (NDManager scope = sBar.thin().manager().newSubManager();
        RunningStatistics.Snapshot ignored = RunningStatistics.snapshot(sBar.thin(), scope)) {
      NDArray x = train.featureRange(0, n, scope);
      SBar.Targets targets = sBar.targets(x, phase, teacherStore);
      return sBar.loss(x, phase, targets, true).getFloat();
    }
  }
}
