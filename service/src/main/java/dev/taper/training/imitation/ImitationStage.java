package dev.taper.training.imitation;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.taper.training.ImitationConfig;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.ModelMetrics;
import dev.taper.training.Stage;
import dev.taper.training.StageContext;
import dev.taper.training.StageKind;
import dev.taper.training.StageOutcome;
import dev.taper.training.StageReport;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.Families;
import dev.taper.training.family.Network;
import dev.taper.training.loop.Checkpoint;
import dev.taper.training.loop.CheckpointIo;
import dev.taper.training.loop.DeviceSplit;
import dev.taper.training.loop.DeviceSplits;
import dev.taper.training.loop.EpochSampler;
import dev.taper.training.loop.FusedOptimizer;
import dev.taper.training.loop.GradMode;
import dev.taper.training.loop.ParameterGroup;
import dev.taper.training.loop.ProgressMeter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stage 2 of METHOD.md, "narrow learning": the thin network learns to reproduce the wide network's
 * block outputs bottom to top, then its head learns B's logits, then the pairs are merged away
 * exactly. Produces the WARMED model.
 */
public final class ImitationStage implements Stage {

  /** Examples of the fixed batch on which each phase's start and end loss are measured. */
  static final int PROBE_EXAMPLES = 512;

  private final Architecture thin;
  private final ImitationConfig config;
  private final Network teacher;
  private final List<PhaseLoss> phaseLosses = new ArrayList<>();

  /** Loss of one phase on the fixed probe batch, before its first and after its last step. */
  public record PhaseLoss(int phase, double start, double end) {}

  /**
   * @param teacher the WIDE model; read only, and not closed by this stage
   */
  public ImitationStage(Architecture thin, ImitationConfig config, Network teacher) {
    this.thin = thin;
    this.config = config;
    this.teacher = teacher;
  }

  @Override
  public StageKind kind() {
    return StageKind.IMITATE;
  }

  /** Start and end loss of every phase the last {@link #run} executed (resumed phases excluded). */
  public List<PhaseLoss> phaseLosses() {
    return List.copyOf(phaseLosses);
  }

  @Override
  public StageOutcome run(StageContext context) {
    GradMode.offOutsideCollectors();
    phaseLosses.clear();
    Network network = Families.build(thin, context.seed(), context.device());
    try (ImitationPairs pairs =
            ImitationPairs.create(thin, teacher.architecture(), context.seed(), context.device());
        DeviceSplits splits =
            DeviceSplits.upload(context.data(), thin.inputShape(), context.device())) {
      SBar sBar = new SBar(network, pairs, teacher);
      Training training = train(sBar, splits.train(), context);
      double mergeError = mergeAndVerify(sBar, splits.train());
      ModelMetrics metrics =
          StageReport.measure(
              network,
              splits,
              training.wallSeconds,
              training.samplesPerSecond,
              training.examples,
              training.layerLosses,
              mergeError);
      return new StageOutcome(network, metrics);
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
  }

  private record Training(
      double wallSeconds, double samplesPerSecond, long examples, List<Double> layerLosses) {}

  private Training train(SBar sBar, DeviceSplit train, StageContext context) {
    Network network = sBar.thin();
    int layers = network.layerCount();
    List<Phase> phases = phases(layers);
    long totalSteps = phases.stream().mapToLong(Phase::steps).sum();
    List<Parameter> checkpointed = new ArrayList<>(network.parameters());
    checkpointed.addAll(sBar.pairs().parameters());
    EpochSampler sampler = new EpochSampler(train.size(), config.batchSize(), context.seed());

    Checkpoint.Position resumed = peek(context, network);
    int firstPhase = resumed == null ? 0 : resumed.phase();
    long globalStep = resumed == null ? 0 : resumed.step();
    List<Double> layerLosses =
        resumed == null ? new ArrayList<>() : new ArrayList<>(resumed.layerLosses());
    double priorSeconds = resumed == null ? 0 : resumed.elapsedSeconds();
    ProgressMeter meter =
        new ProgressMeter(context.progress(), totalSteps, config.batchSize(), globalStep);
    long started = System.nanoTime();
    long lastCheckpoint = started;
    long stepsRun = 0;
    ParameterStore teacherStore = new ParameterStore(teacher.manager(), false);

    for (int p = firstPhase; p < phases.size(); p++) {
      Phase phase = phases.get(p);
      List<ParameterGroup> groups = groups(sBar, phase);
      setTrainable(checkpointed, groups);
      try (FusedOptimizer optimizer =
          new FusedOptimizer(config.optimizer(), groups, phase.steps(), network.manager())) {
        long phaseStep = 0;
        if (resumed != null && p == resumed.phase()) {
          CheckpointIo.resume(context, StageKind.IMITATE.name(), network, checkpointed, optimizer);
          phaseStep = resumed.phaseStep();
        }
        if (phaseStep == 0) {
          PhaseInitialiser.initialise(sBar, phase, train, teacherStore);
        }
        double startLoss = phaseStep == 0 ? probeLoss(sBar, phase, train) : Double.NaN;
        for (; phaseStep < phase.steps(); phaseStep++, globalStep++) {
          context.cancellation().throwIfCancelled();
          try (NDManager scope = network.manager().newSubManager()) {
            NDArray positions = scope.create(sampler.batch(globalStep));
            NDArray x = train.features(positions, scope);
            NDArray loss;
            SBar.Targets targets = sBar.targets(x, phase, teacherStore);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
              loss = sBar.loss(x, phase, targets, config, true);
              collector.backward(loss);
            }
            optimizer.update(scope);
            stepsRun++;
            if (meter.due()) {
              meter.report(
                  phase.head() ? "head" : "imitate",
                  phase.head() ? layers : phase.layer(),
                  layers,
                  globalStep + 1,
                  loss.getFloat());
            }
          }
          boolean last = phaseStep + 1 == phase.steps();
          if (!last
              && System.nanoTime() - lastCheckpoint
                  >= durationNanos(context.checkpointInterval())) {
            checkpoint(
                context,
                globalStep + 1,
                p,
                phaseStep + 1,
                layerLosses,
                priorSeconds,
                started,
                checkpointed,
                optimizer);
            lastCheckpoint = System.nanoTime();
          }
        }
        double endLoss = probeLoss(sBar, phase, train);
        phaseLosses.add(new PhaseLoss(p, startLoss, endLoss));
        // every phase reports when it ends, however short, so watchers see each layer pass
        meter.report(
            phase.head() ? "head" : "imitate",
            phase.head() ? layers : phase.layer(),
            layers,
            globalStep,
            endLoss);
        layerLosses.add(endLoss);
        if (p + 1 < phases.size()) {
          try (FusedOptimizer next =
              new FusedOptimizer(
                  config.optimizer(), groups(sBar, phases.get(p + 1)), 1, network.manager())) {
            checkpoint(
                context,
                globalStep,
                p + 1,
                0,
                layerLosses,
                priorSeconds,
                started,
                checkpointed,
                next);
          }
          lastCheckpoint = System.nanoTime();
        }
      }
    }
    checkpointed.forEach(parameter -> parameter.getArray().setRequiresGradient(false));
    double seconds = (System.nanoTime() - started) / 1e9;
    double throughput = seconds > 0 ? stepsRun * (double) config.batchSize() / seconds : 0;
    return new Training(
        priorSeconds + seconds, throughput, totalSteps * config.batchSize(), layerLosses);
  }

  private void checkpoint(
      StageContext context,
      long globalStep,
      int phase,
      long phaseStep,
      List<Double> layerLosses,
      double priorSeconds,
      long started,
      List<Parameter> parameters,
      FusedOptimizer optimizer) {
    double elapsed = priorSeconds + (System.nanoTime() - started) / 1e9;
    CheckpointIo.save(
        context,
        new Checkpoint.Position(
            StageKind.IMITATE.name(),
            globalStep,
            phase,
            phaseStep,
            List.copyOf(layerLosses),
            elapsed),
        parameters,
        optimizer);
  }

  private static long durationNanos(Duration duration) {
    return duration.toNanos();
  }

  private Checkpoint.Position peek(StageContext context, Network network) {
    return context
        .checkpoints()
        .load()
        .map(
            bytes -> {
              try (NDManager scratch = network.manager().newSubManager()) {
                Checkpoint.Position position = Checkpoint.decode(bytes, scratch).position();
                if (!StageKind.IMITATE.name().equals(position.stage())) {
                  throw new IllegalStateException(
                      "checkpoint belongs to stage " + position.stage() + ", not IMITATE");
                }
                return position;
              }
            })
        .orElse(null);
  }

  /** Progressive: one phase per layer, then the head. Joint: every layer at once, then the head. */
  List<Phase> phases(int layers) {
    List<Phase> phases = new ArrayList<>();
    if (config.schedule() == ImitationSchedule.JOINT) {
      phases.add(new Phase(layers - 1, true, false, (long) config.stepsPerLayer() * layers));
    } else {
      for (int i = 0; i < layers; i++) {
        phases.add(new Phase(i, false, false, config.stepsPerLayer()));
      }
    }
    phases.add(new Phase(layers - 1, false, true, config.stepsPerLayer()));
    return phases;
  }

  /**
   * The trainable parameters of a phase: layer i with the drop that feeds it and the lift that
   * follows it; everything below at {@code lowerLayerLrScale}. Joint trains all layers fully.
   */
  private List<ParameterGroup> groups(SBar sBar, Phase phase) {
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
    }
    return List.of(
        ParameterGroup.of(current), new ParameterGroup(lower, config.lowerLayerLrScale()));
  }

  /** Only parameters the optimiser moves record gradients: frozen blocks stay bit-for-bit. */
  private static void setTrainable(List<Parameter> all, List<ParameterGroup> groups) {
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
  private double probeLoss(SBar sBar, Phase phase, DeviceSplit train) {
    int n = Math.min(PROBE_EXAMPLES, train.size());
    try (NDManager scope = sBar.thin().manager().newSubManager();
        RunningStatistics.Snapshot ignored = RunningStatistics.snapshot(sBar.thin(), scope)) {
      NDArray x = train.featureRange(0, n, scope);
      ParameterStore teacherStore = new ParameterStore(teacher.manager(), false);
      SBar.Targets targets = sBar.targets(x, phase, teacherStore);
      return sBar.loss(x, phase, targets, config, true).getFloat();
    }
  }

  /**
   * Merges the pairs into the thin network and checks METHOD.md's invariant: S-bar and the merged
   * network agree to 1e-4 on the logits of a batch (compared in float64, see {@link ExactForward}).
   */
  private double mergeAndVerify(SBar sBar, DeviceSplit train) {
    Network network = sBar.thin();
    if (!sBar.pairs().present()) {
      return 0;
    }
    int n = Math.min(PROBE_EXAMPLES, train.size());
    try (NDManager scope = network.manager().newSubManager()) {
      NDArray x = train.featureRange(0, n, scope);
      NDArray before = ExactForward.sBarLogits(network, sBar.pairs(), x, scope);
      PairMerger.merge(network, sBar.pairs());
      NDArray after = ExactForward.logits(network, x, scope);
      double error = before.sub(after).abs().max().getDouble();
      if (!(error < PairMerger.TOLERANCE)) {
        throw new IllegalStateException(
            "merge is not exact: max |logits(S-bar) - logits(merged)| = " + error);
      }
      return error;
    }
  }
}
