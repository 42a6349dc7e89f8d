package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import dev.taper.training.ImitationConfig;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.ModelMetrics;
import dev.taper.training.RepeatableFailureException;
import dev.taper.training.Stage;
import dev.taper.training.StageContext;
import dev.taper.training.StageKind;
import dev.taper.training.StageOutcome;
import dev.taper.training.StageReport;
import dev.taper.training.TrainingDivergedException;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.loop.DeviceSplit;
import dev.taper.training.loop.DeviceSplits;
import dev.taper.training.loop.EpochSampler;
import dev.taper.training.loop.GradMode;
import dev.taper.training.loop.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stage 2 of the method, "narrow learning": the thin network learns to reproduce the wide network's
 * block outputs bottom to top, then its head learns B's logits, then the pairs are merged away
 * exactly. Produces the WARMED model; its metrics carry every phase's loss before and after.
 */
final class ImitationStage implements Stage {

  private final Architecture thin;
  private final ImitationConfig config;
  private final Network teacher;

  /**
   * @param teacher the WIDE model; read only, and not closed by this stage
   */
  ImitationStage(Architecture thin, ImitationConfig config, Network teacher) {
    this.thin = thin;
    this.config = config;
    this.teacher = teacher;
  }

  @Override
  public StageKind kind() {
    return StageKind.IMITATE;
  }

  @Override
  public StageOutcome run(StageContext context) {
    GradMode.offOutsideCollectors();
    Network network = ModelFamilies.build(thin, context.seed(), context.device());
    try (ImitationPairs pairs =
            ImitationPairs.create(thin, teacher.architecture(), context.seed(), context.device());
        DeviceSplits splits =
            DeviceSplits.upload(context.data(), thin.inputShape(), context.device())) {
      // bottlenecks started from the teacher's need the teacher's stem and shortcuts under them
      if (config.copySameShape() || PhaseInitialiser.startsBranches(config, thin)) {
        SameShapeParameters.copy(teacher, network);
      }
      SBar sBar = new SBar(network, pairs, teacher, config, targetScales(pairs, splits.train()));
      TrainingLoop.Result run = train(sBar, splits.train(), context);
      double mergeError = mergeAndVerify(sBar, splits.train());
      ModelMetrics metrics = StageReport.measure(network, splits, run, mergeError, Double.NaN);
      SilentLayers.requireEveryLayerActive(metrics.inactiveUnitsPerLayer());
      return new StageOutcome(network, metrics);
    } catch (RuntimeException | Error e) {
      network.close();
      throw e;
    }
  }

  /**
   * Trains S-bar (the thin network and the pairs) through every phase, resuming from the context's
   * checkpoint; leaves it unmerged, its parameters no longer recording gradients.
   */
  TrainingLoop.Result train(SBar sBar, DeviceSplit train, StageContext context) {
    Network network = sBar.thin();
    List<Parameter> all = new ArrayList<>(network.parameters());
    all.addAll(sBar.pairs().parameters());
    EpochSampler sampler = new EpochSampler(train.size(), config.batchSize(), context.seed());
    ImitationCost cost =
        new ImitationCost(network.architecture(), sBar.teacher().architecture(), config);
    List<ImitationPhase> phases =
        phases(network.layerCount()).stream()
            .map(phase -> new ImitationPhase(phase, cost, sBar, config, train, sampler, all))
            .toList();
    TrainingLoop.Result run =
        new TrainingLoop(
                StageKind.IMITATE.name(), context, network.manager(), all, config.batchSize())
            .run(phases);
    all.forEach(parameter -> parameter.getArray().setRequiresGradient(false));
    return run;
  }

  /**
   * Scales for the teacher's block outputs when bridged pairs lift the thin features to them
   * ({@link TargetScales}); without them the thin outputs, or their projections, compare with B's
   * as they are.
   */
  private TargetScales targetScales(ImitationPairs pairs, DeviceSplit train) {
    if (!pairs.bridged()) {
      return TargetScales.NONE;
    }
    int n = Math.min(ImitationPhase.PROBE_EXAMPLES, train.size());
    try (NDManager scope = teacher.manager().newSubManager()) {
      return TargetScales.measure(teacher, train.featureRange(0, n, scope));
    }
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
   * Merges the pairs into the thin network, balances its activations ({@link ActivationBalance}),
   * and checks that S-bar and the resulting network agree on a batch (compared in float64, see
   * {@link ExactForward}) to {@link PairMerger#tolerance}: a fraction of the logits' scale, or
   * twice S-bar's own float32 rounding error where that is larger.
   *
   * @return the largest difference, relative to the logits' scale when that is above 1
   */
  private static double mergeAndVerify(SBar sBar, DeviceSplit train) {
    Network network = sBar.thin();
    if (!sBar.pairs().bridged()) {
      // S-bar is the thin network itself: projections only read its outputs
      return 0;
    }
    int n = Math.min(ImitationPhase.PROBE_EXAMPLES, train.size());
    try (NDManager scope = network.manager().newSubManager()) {
      NDArray x = train.featureRange(0, n, scope);
      NDArray before = ExactForward.sBarLogits(network, sBar.pairs(), x, scope);
      double float32Noise =
          sBar.logits(x, false).toType(DataType.FLOAT64, false).sub(before).abs().max().getDouble();
      PairMerger.merge(network, sBar.pairs());
      ActivationBalance.balance(network, x, scope);
      NDArray after = ExactForward.logits(network, x, scope);
      double error = before.sub(after).abs().max().getDouble();
      double scale = before.abs().max().getDouble();
      if (!Double.isFinite(scale)) {
        throw new TrainingDivergedException(
            "IMITATE: the imitated network's logits are not finite (" + scale + ")");
      }
      if (!(error < PairMerger.tolerance(scale, float32Noise))) {
        throw new RepeatableFailureException(
            String.format(
                Locale.ROOT,
                "merge is not exact: max |logits(S-bar) - logits(merged)| = %.3g on logits of"
                    + " magnitude up to %.3g (S-bar's own float32 error: %.3g)",
                error,
                scale,
                float32Noise));
      }
      return error / Math.max(1, scale);
    }
  }
}
