package dev.taper.training.imitation;

import dev.taper.training.ImitationConfig;
import dev.taper.training.ImitationConfig.LayerInit;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.TeacherStart;
import dev.taper.training.loop.PassFlops;

/**
 * What imitation costs, counted as {@link PassFlops} says, pass for pass as {@link SBar} and {@link
 * PhaseInitialiser} run them. A step of a phase runs the teacher up to the phase's layer (and its
 * head where the logits are matched) and S-bar up to the same layer: every thin layer, the pair
 * between each two where pairs are bridged (a lift to the wide width, a drop back), the lift of
 * each layer whose output is compared (a projection, where the lifts stand alone), and the thin
 * head where the logits are. Whatever sits on a path from a trained parameter to the loss is
 * trained (three passes); what lies wholly below the trained parameters is a forward pass. So a
 * progressive phase pays once for the frozen layers under it and three times for its own, and a
 * joint phase three times for all of S-bar, whose pairs at width 16 widened eight times cost
 * several times the thin layers themselves.
 *
 * <p>A phase's start fits on {@link PhaseInitialiser#fitExamples} examples: the forward passes it
 * runs and the least-squares fits' Gram and cross products are counted; the solves, which do not
 * grow with the examples, are not.
 */
final class ImitationCost {

  private final Architecture thin;
  private final Architecture wide;
  private final ImitationConfig config;

  ImitationCost(Architecture thin, Architecture wide, ImitationConfig config) {
    this.thin = thin;
    this.wide = wide;
    this.config = config;
  }

  /** One training example of a step of {@code phase}: the teacher's targets and S-bar's loss. */
  double stepFlopsPerExample(Phase phase) {
    return teacherForward(phase) + sBarPass(phase);
  }

  /** What the teacher runs for a step's targets ({@link SBar#targets}); it records no gradient. */
  private double teacherForward(Phase phase) {
    if (phase.head()) {
      return PassFlops.untrained(wide.flopsPerExample());
    }
    long flops = matchesLogits(phase) ? wide.headFlopsPerExample() : 0;
    for (int i = 0; i <= phase.layer(); i++) {
      flops += wide.layerFlopsPerExample(i);
    }
    return PassFlops.untrained(flops);
  }

  /**
   * S-bar's forward pass for the phase's loss ({@link SBar#loss}), trained where gradients flow.
   */
  private double sBarPass(Phase phase) {
    double flops = 0;
    // whether a parameter at or below the current pass trains, so that gradients flow back here
    boolean gradients = false;
    for (int i = 0; i <= phase.layer(); i++) {
      boolean trains = SBar.trains(phase, i, config);
      if (i > 0 && bridged()) {
        gradients |= SBar.trains(phase, i - 1, config);
        flops += pass(lift(i - 1), gradients);
        gradients |= trains;
        flops += pass(drop(i), gradients);
      }
      gradients |= trains;
      flops += pass(thin.layerFlopsPerExample(i), gradients);
      boolean compared = !phase.head() && (phase.joint() || i == phase.layer());
      if (compared && lifted()) {
        flops += pass(lift(i), gradients);
      }
    }
    if (matchesLogits(phase)) {
      // the head trains in the head phase and in a joint phase that matches the logits
      flops += PassFlops.trained(thin.headFlopsPerExample());
    }
    return flops;
  }

  /** What {@link PhaseInitialiser} computes before the phase's first step. */
  double startFlops(Phase phase, int trainSize) {
    long n = PhaseInitialiser.fitExamples(trainSize);
    double flops = 0;
    if (!phase.head() && lifted()) {
      flops += n * layerFitsPerExample(phase);
    } else if (!phase.head() && PhaseInitialiser.startsBranches(config, thin)) {
      flops += PhaseInitialiser.branchFitExamples(trainSize) * branchFitsPerExample(phase);
    }
    if (matchesLogits(phase)) {
      flops += n * headFitPerExample();
    }
    return flops;
  }

  /**
   * The bottleneck fits' work for one example ({@link BottleneckChannelFit}): teacher and thin
   * forward passes up to the first layer fitted, then for each fitted layer a walk through both
   * branches (a forward pass of each; counted for the stem too, which has no branch to walk) and
   * both layers' forward passes. Not counted: the channel covariances and the last convolution's
   * Gram and cross products, together a tenth or so of the passes counted (up to about 19,000 FLOPs
   * a pixel against 200,000 in the 4-block study's second stage), on a start that costs about a
   * hundredth of the phase's steps.
   */
  private double branchFitsPerExample(Phase phase) {
    int first = phase.joint() ? 0 : phase.layer();
    double flops = 0;
    for (int i = 0; i <= phase.layer(); i++) {
      long both = wide.layerFlopsPerExample(i) + thin.layerFlopsPerExample(i);
      flops += i < first ? both : 2.0 * both;
    }
    return flops;
  }

  /**
   * The layer fits' work for one example: teacher and thin forward passes up to the first layer
   * fitted, then for each fitted layer the pair below it, the layer's own start (its units fitted
   * to the teacher's, or standardised), its forward pass and the teacher's, and the lift's fit.
   */
  private double layerFitsPerExample(Phase phase) {
    int first = phase.joint() ? 0 : phase.layer();
    double flops = 0;
    for (int i = 0; i < first; i++) {
      flops += wide.layerFlopsPerExample(i) + thinLayerWithPair(i);
    }
    TeacherStart start = ModelFamilies.get(thin.family()).teacherStart();
    boolean homogeneous = ModelFamilies.get(thin.family()).layersArePositivelyHomogeneous();
    for (int i = first; i <= phase.layer(); i++) {
      flops += thinLayerWithPair(i) - thin.layerFlopsPerExample(i);
      if (start == TeacherStart.LAYER_UNITS && config.layerInit() == LayerInit.TEACHER_UNITS) {
        // the teacher layer's affine map (for the MLP, the whole layer), the covariance of its
        // units, and the fit of the thin units to the picked ones
        long units = wide.layerOutputWidth(i);
        flops += wide.layerFlopsPerExample(i) + 2.0 * units * units;
        flops += leastSquares(layerInputWidth(i), thin.layerOutputWidth(i));
      } else if (homogeneous) {
        flops += thin.layerFlopsPerExample(i);
      }
      flops += thin.layerFlopsPerExample(i) + wide.layerFlopsPerExample(i);
      flops +=
          thin.layerOutputPositions(i)
              * leastSquares(thin.layerOutputWidth(i), wide.layerOutputWidth(i));
    }
    return flops;
  }

  /** The read-out's fit: S-bar's features and the teacher's logits, then the least squares. */
  private double headFitPerExample() {
    double flops = wide.flopsPerExample();
    for (int i = 0; i < thin.imitationLayers(); i++) {
      flops += thinLayerWithPair(i);
    }
    return flops + leastSquares(thin.layerOutputWidth(thin.imitationLayers() - 1), thin.classes());
  }

  /** Thin layer {@code i}'s forward pass with the pair that feeds it. */
  private long thinLayerWithPair(int i) {
    long flops = thin.layerFlopsPerExample(i);
    return i > 0 && bridged() ? flops + lift(i - 1) + drop(i) : flops;
  }

  private boolean matchesLogits(Phase phase) {
    return phase.head() || (phase.joint() && config.jointMatchesLogits());
  }

  /** Whether drops join the thin layers on S-bar's path ({@link ImitationPairs#bridged}). */
  private boolean bridged() {
    return thin.widenedInterfaces();
  }

  /** Whether lifts carry compared outputs to the teacher's width, bridged or as projections. */
  private boolean lifted() {
    return ImitationPairs.lifted(thin, wide);
  }

  /** {@code U_i} on one example's output of layer i: one map per token of a sequence. */
  private long lift(int i) {
    return 2L * thin.layerOutputPositions(i) * thin.layerOutputWidth(i) * wide.layerOutputWidth(i);
  }

  private long drop(int i) {
    return 2L * wide.layerOutputWidth(i - 1) * thin.layerOutputWidth(i - 1);
  }

  /** Width of what thin layer {@code i} receives: the input's features, or the drop's output. */
  private long layerInputWidth(int i) {
    if (i > 0) {
      return thin.layerOutputWidth(i - 1);
    }
    long features = 1;
    for (long dimension : thin.inputShape()) {
      features *= dimension;
    }
    return features;
  }

  /** A least-squares fit's Gram and cross products for one example, {@code in} to {@code out}. */
  private static double leastSquares(long in, long out) {
    return 2.0 * in * (in + out);
  }

  private static double pass(long forward, boolean trained) {
    return trained ? PassFlops.trained(forward) : PassFlops.untrained(forward);
  }
}
