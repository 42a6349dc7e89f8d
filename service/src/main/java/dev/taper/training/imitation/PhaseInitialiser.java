package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.taper.training.ImitationConfig;
import dev.taper.training.ImitationConfig.LayerInit;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.family.TeacherStart;
import dev.taper.training.loop.DeviceSplit;

/**
 * Gives each phase a fitted starting point before its first step: the drop feeding layer i becomes
 * the left inverse of the lift below it (so layer i first sees the thin features), layer i's units
 * are standardised on what they receive ({@link LayerStandardisation}), the lift after layer i
 * becomes the least-squares read-out of B's (scaled) block output from the thin one (a projection
 * without a drop likewise, token by token), and the head phase (or a joint phase that matches the
 * logits too) starts from the least-squares fit of B's logits.
 */
final class PhaseInitialiser {

  /** Examples the fits are computed on. */
  static final int FIT_EXAMPLES = 4096;

  /**
   * Examples the bottleneck fits use: an image gives one sample per pixel, so 1024 images give
   * hundreds of thousands of samples for a few dozen channels, at a quarter of the memory.
   */
  static final int BRANCH_FIT_EXAMPLES = 1024;

  private PhaseInitialiser() {}

  static void initialise(SBar sBar, Phase phase, DeviceSplit train, ParameterStore teacherStore) {
    Network thin = sBar.thin();
    int from = firstFitExample(train.size());
    int to = from + fitExamples(train.size());
    try (NDManager scope = thin.manager().newSubManager()) {
      NDArray x = train.featureRange(from, to, scope);
      if (!phase.head() && startsBranches(sBar.config(), thin.architecture())) {
        fitBranches(sBar, phase, branchFitExamples(x), teacherStore, scope);
      } else if (!phase.head()) {
        fitLayers(sBar, phase, x, teacherStore, scope);
      }
      if (sBar.matchesLogits(phase)) {
        fitHead(sBar, x, teacherStore, scope);
      }
    }
  }

  /** Examples the fits use, of a training split of {@code trainSize}. */
  static int fitExamples(int trainSize) {
    return Math.min(trainSize - firstFitExample(trainSize), FIT_EXAMPLES);
  }

  /** Fits use examples after the probe batch, so each phase's start loss is out of sample. */
  private static int firstFitExample(int trainSize) {
    return trainSize > ImitationPhase.PROBE_EXAMPLES + 1 ? ImitationPhase.PROBE_EXAMPLES : 0;
  }

  /** The read-out as the least-squares fit of B's logits from the thin features below it. */
  private static void fitHead(SBar sBar, NDArray x, ParameterStore teacherStore, NDManager scope) {
    Network thin = sBar.thin();
    NDArray h = sBar.featuresLayerByLayer(x, thin.layerCount() - 1, scope);
    NDArray features = thin.headFeatures(new ParameterStore(thin.manager(), false), h, false);
    NDArray logits = sBar.teacher().logitsLayerByLayer(teacherStore, x, scope);
    AffineFit.fit(thin.readout(), features, logits, scope);
  }

  /**
   * Whether the thin network's blocks start as the teacher's bottlenecks ({@link
   * BottleneckChannelFit}).
   */
  static boolean startsBranches(ImitationConfig config, Architecture thin) {
    return config.layerInit() == LayerInit.TEACHER_UNITS
        && ModelFamilies.get(thin.family()).teacherStart() == TeacherStart.BOTTLENECK_CHANNELS;
  }

  /** Examples the bottleneck fits use, of a training split of {@code trainSize}. */
  static int branchFitExamples(int trainSize) {
    return Math.min(fitExamples(trainSize), BRANCH_FIT_EXAMPLES);
  }

  private static NDArray branchFitExamples(NDArray x) {
    return x.get("0:" + Math.min(x.getShape().get(0), BRANCH_FIT_EXAMPLES));
  }

  /**
   * Starts the phase's blocks, bottom to top, from the teacher's ({@link BottleneckChannelFit}),
   * each fitted on what the thin blocks below it, already started, pass up.
   */
  private static void fitBranches(
      SBar sBar, Phase phase, NDArray x, ParameterStore teacherStore, NDManager scope) {
    Network thin = sBar.thin();
    Network teacher = sBar.teacher();
    SideBySide outputs = new SideBySide(thin, teacher, teacherStore, x, scope);
    int first = phase.joint() ? 0 : phase.layer();
    for (int i = 0; i <= phase.layer(); i++) {
      if (i >= first) {
        BottleneckChannelFit.fit(
            thin, teacher, teacherStore, i, outputs.thin(), outputs.teacher(), scope);
      }
      outputs.advance(i);
    }
  }

  private static void fitLayers(
      SBar sBar, Phase phase, NDArray x, ParameterStore teacherStore, NDManager scope) {
    Network thin = sBar.thin();
    ImitationPairs pairs = sBar.pairs();
    if (!pairs.present()) {
      return;
    }
    if (!pairs.bridged()) {
      fitProjections(sBar, phase, x, teacherStore, scope);
      return;
    }
    int first = phase.joint() ? 0 : phase.layer();
    NDArray b = x;
    for (int i = 0; i < first; i++) {
      b = sBar.teacher().forwardLayer(teacherStore, i, b, false);
    }
    // the thin features below layer i, carried up the loop instead of recomputed from x
    NDArray h = first == 0 ? null : sBar.features(x, first - 1, false);
    ParameterStore thinStore = new ParameterStore(thin.manager(), false);
    for (int i = first; i <= phase.layer(); i++) {
      NDArray input = x;
      if (i > 0) {
        AffineFit.leftInverse(pairs.dropLayer(i), pairs.liftLayer(i - 1), scope);
        input = pairs.bridge(i, h, false);
      }
      if (sBar.config().layerInit() == LayerInit.TEACHER_UNITS) {
        TeacherUnitFit.fit(thin, sBar.teacher(), teacherStore, i, input, b, scope);
      } else {
        LayerStandardisation.standardise(thin, i, input, scope);
      }
      h = thin.forwardLayer(thinStore, i, input, false);
      b = sBar.teacher().forwardLayer(teacherStore, i, b, false);
      AffineFit.fit(pairs.liftLayer(i), h, sBar.scales().scaled(i, b), scope);
    }
  }

  /**
   * Starts each projection the phase trains as the least-squares read-out of the teacher's layer
   * output from the thin one, token by token; the thin layers start as they are, since nothing
   * stands between them to fit.
   */
  private static void fitProjections(
      SBar sBar, Phase phase, NDArray x, ParameterStore teacherStore, NDManager scope) {
    SideBySide outputs = new SideBySide(sBar.thin(), sBar.teacher(), teacherStore, x, scope);
    int first = phase.joint() ? 0 : phase.layer();
    for (int i = 0; i <= phase.layer(); i++) {
      outputs.advance(i);
      if (i >= first) {
        try (NDManager fit = scope.newSubManager()) {
          NDArray h = asRows(outputs.thin(), fit);
          AffineFit.fit(sBar.pairs().liftLayer(i), h, asRows(outputs.teacher(), fit), fit);
        }
      }
    }
  }

  /** A layer's (N, features) or (N, tokens, features) output as one row per token. */
  private static NDArray asRows(NDArray output, NDManager scope) {
    long features = output.getShape().get(output.getShape().dimension() - 1);
    NDArray rows = output.reshape(-1, features);
    rows.attach(scope);
    return rows;
  }
}
