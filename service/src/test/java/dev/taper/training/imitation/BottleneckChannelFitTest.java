package dev.taper.training.imitation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import dev.taper.training.EngineFixtures;
import dev.taper.training.ImitationConfig;
import dev.taper.training.ImitationConfig.ImitationLoss;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.ImitationConfig.LayerInit;
import dev.taper.training.OptimizerConfig;
import dev.taper.training.PhaseLoss;
import dev.taper.training.SeededEngine;
import dev.taper.training.StageOutcome;
import dev.taper.training.Stages;
import dev.taper.training.TrainConfig;
import dev.taper.training.family.FamilyFixtures;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.family.Residual;
import dev.taper.training.family.resnet.ResNetArchitecture;
import dev.taper.training.loop.DeviceSplits;
import dev.taper.training.loop.GradMode;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thin ResNet blocks started from the teacher's bottlenecks ({@code imitate.layerInit
 * teacher_units}): a teacher block with only as many live inner channels as the thin one has is
 * reproduced exactly, and on a trained teacher a joint phase starts far closer to it than from
 * random branches.
 */
@ExtendWith(SeededEngine.class)
class BottleneckChannelFitTest {

  private static final ResNetArchitecture THIN = FamilyFixtures.RESNET;
  private static final int WIDEN = 4;

  /** The trained teacher's widening, as {@code FamilyStagesTest}'s: it trains in seconds. */
  private static final int TEACHER_WIDEN = 2;

  private static StageOutcome teacher;

  @AfterAll
  static void closeTeacher() {
    if (teacher != null) {
      teacher.close();
    }
  }

  private static synchronized Network trainedTeacher() {
    if (teacher == null) {
      teacher =
          Stages.wide(THIN, TEACHER_WIDEN, new TrainConfig(3, 64, OptimizerConfig.ADAM_DEFAULT))
              .run(EngineFixtures.context());
    }
    return teacher.network();
  }

  /**
   * Layer 1 keeps its resolution and projects 8 channels to 16; layer 2 halves the resolution with
   * its 3x3 and projects 16 to 32.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void aTeacherBlockWithOnlyAsManyLiveInnerChannelsIsReproducedExactly(int layer) {
    GradMode.offOutsideCollectors();
    Device cpu = Device.cpu();
    try (Network thin = ModelFamilies.build(THIN, 1, cpu);
        Network wide = ModelFamilies.build(THIN.widen(WIDEN), 2, cpu);
        NDManager scope = NDManager.newBaseManager(cpu)) {
      ParameterStore wideStore = new ParameterStore(scope, false);
      NDArray x = blockInput(wide, wideStore, layer, scope);
      List<Block> branch = steps(wide, layer);
      int inner = THIN.blocks().get(layer - 1).inner();
      // every WIDEN-th channel lives, a different one after the 1x1 than after the 3x3
      int[] liveReduced = IntStream.range(0, inner).map(k -> k * WIDEN + 1).toArray();
      int[] liveSpatial = IntStream.range(0, inner).map(k -> k * WIDEN + WIDEN - 1).toArray();
      tellChannelsApart(branch, 1);
      tellChannelsApart(branch, 4);
      silenceAllBut(branch, 0, liveReduced);
      silenceAllBut(branch, 3, liveSpatial);
      // running statistics equal to the batch's, so the teacher's inference is its training pass
      useBatchStatistics(branch, wideStore, x);
      SameShapeParameters.copy(wide, thin);

      BottleneckChannelFit.fit(thin, wide, wideStore, layer, x, x, scope);

      NDArray theirs = wide.forwardLayer(wideStore, layer, x, false);
      assertThat(theirs.square().mean().getFloat()).isPositive();
      assertThat(relativeError(thin, layer, x, theirs, scope)).isLessThan(1e-3);
      // the channels kept are the live ones, whichever order they were picked in
      List<Block> own = steps(thin, layer);
      assertThat(sorted(gamma(own, 1))).containsExactly(picked(branch, 1, liveReduced));
      assertThat(sorted(gamma(own, 4))).containsExactly(picked(branch, 4, liveSpatial));
    }
  }

  @Test
  void theLastConvolutionSaysWhatTheDroppedChannelsSaidBetterThanTheTeachersWeightsAlone() {
    GradMode.offOutsideCollectors();
    Device cpu = Device.cpu();
    try (Network thin = ModelFamilies.build(THIN, 1, cpu);
        Network wide = ModelFamilies.build(THIN.widen(WIDEN), 2, cpu);
        NDManager scope = NDManager.newBaseManager(cpu)) {
      ParameterStore wideStore = new ParameterStore(scope, false);
      NDArray x = blockInput(wide, wideStore, 1, scope);
      List<Block> branch = steps(wide, 1);
      tellChannelsApart(branch, 4);
      // six live channels after the 3x3 for the thin branch's four
      silenceAllBut(branch, 3, new int[] {0, 3, 7, 9, 12, 15});
      useBatchStatistics(branch, wideStore, x);
      SameShapeParameters.copy(wide, thin);
      NDArray theirs = wide.forwardLayer(wideStore, 1, x, false);

      BottleneckChannelFit.fit(thin, wide, wideStore, 1, x, x, scope);
      double fitted = relativeError(thin, 1, x, theirs, scope);
      List<Block> own = steps(thin, 1);
      // each narrowed BatchNorm normalises by the statistics of what the thin branch gives it
      NDArray reduced = forward(own.get(0), scope, x);
      assertStatisticsOf(reduced, own.get(1));
      NDArray spatial =
          forward(
              own.get(3), scope, forward(own.get(2), scope, forward(own.get(1), scope, reduced)));
      assertStatisticsOf(spatial, own.get(4));
      // so the branch's inference and a training step agree, the last BatchNorm's folded
      // statistics included (the shortcut's BatchNorm is the untrained teacher's)
      Block ownBranch = ((Residual) thin.layer(1)).branch();
      NDArray inference =
          ownBranch.forward(new ParameterStore(scope, false), new NDList(x), false).head();
      NDArray training =
          ownBranch.forward(new ParameterStore(scope, false), new NDList(x), true).head();
      assertThat(relativeDifference(training, inference)).isLessThan(1e-3);
      // the same channels with the teacher's weights on them as they are, and its last BatchNorm
      float[] kept = gamma(own, 4);
      float[] all = gamma(branch, 4);
      NDArray teachers = branch.get(6).getParameters().get("weight").getArray();
      NDArray sliced = own.get(6).getParameters().get("weight").getArray();
      for (int k = 0; k < kept.length; k++) {
        sliced.set(new NDIndex(":, " + k), teachers.get(":, " + indexOf(all, kept[k])));
      }
      for (String name : List.of("gamma", "beta", "runningMean", "runningVar")) {
        own.get(7)
            .getParameters()
            .get(name)
            .getArray()
            .set(branch.get(7).getParameters().get(name).getArray().toFloatArray());
      }
      double slicedError = relativeError(thin, 1, x, theirs, scope);

      assertThat(fitted).isLessThan(0.9 * slicedError);
    }
  }

  @Test
  void aJointPhaseStartsFarCloserToATrainedTeacherThanFromRandomBranches() {
    GradMode.offOutsideCollectors();
    ImitationConfig random =
        EngineFixtures.imitation(10, ImitationSchedule.JOINT, ImitationLoss.NORMALIZED_MSE, 0.0);
    double fromRandom = startLoss(random);
    double fromTeacher = startLoss(EngineFixtures.withLayerInit(random, LayerInit.TEACHER_UNITS));
    assertThat(fromTeacher).isLessThan(0.45 * fromRandom);
  }

  @Test
  void anImitationStageStartsFromTheTeachersStemShortcutsAndBottlenecksAndWarmsTheThinResNet() {
    ImitationConfig random =
        EngineFixtures.imitation(10, ImitationSchedule.JOINT, ImitationLoss.NORMALIZED_MSE, 0.0);
    ImitationConfig fromTeacher = EngineFixtures.withLayerInit(random, LayerInit.TEACHER_UNITS);
    try (StageOutcome warmed =
            Stages.imitate(THIN, fromTeacher, trainedTeacher()).run(EngineFixtures.context());
        StageOutcome baseline =
            Stages.imitate(THIN, random, trainedTeacher()).run(EngineFixtures.context())) {
      assertThat(warmed.network().architecture()).isEqualTo(THIN);
      // the stage copies the stem and shortcuts itself (copySameShape is off in both configs):
      // without them under the fitted branches its first phase started at 0.8 of the random one
      double start = warmed.metrics().phaseLosses().get(0).start();
      assertThat(start).isLessThan(0.5 * baseline.metrics().phaseLosses().get(0).start());
      // chance is 0.1; the teacher itself only trained 3 epochs on 1,800 examples
      assertThat(warmed.metrics().testAccuracy()).isGreaterThan(0.25);
      for (PhaseLoss phase : warmed.metrics().phaseLosses()) {
        assertThat(phase.end()).as("phase %d", phase.phase()).isFinite();
      }
    }
  }

  private static double relativeError(
      Network thin, int layer, NDArray x, NDArray theirs, NDManager scope) {
    return relativeDifference(
        thin.forwardLayer(new ParameterStore(scope, false), layer, x, false), theirs);
  }

  /** RMS of {@code a - b} over the RMS of {@code b}. */
  private static double relativeDifference(NDArray a, NDArray b) {
    return a.sub(b).square().mean().sqrt().getFloat() / b.square().mean().sqrt().getFloat();
  }

  private static NDArray forward(Block block, NDManager scope, NDArray x) {
    return block.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow();
  }

  private static void assertStatisticsOf(NDArray x, Block norm) {
    NDArray pixels = x.transpose(0, 2, 3, 1).reshape(-1, x.getShape().get(1));
    NDArray mean = pixels.mean(new int[] {0});
    NDArray variance = pixels.sub(mean).square().mean(new int[] {0});
    assertThat(norm.getParameters().get("runningMean").getArray().toFloatArray())
        .containsExactly(mean.toFloatArray(), within(1e-4f));
    assertThat(norm.getParameters().get("runningVar").getArray().toFloatArray())
        .containsExactly(variance.toFloatArray(), within(1e-4f));
  }

  private static int indexOf(float[] values, float value) {
    return IntStream.range(0, values.length)
        .filter(i -> values[i] == value)
        .findFirst()
        .orElseThrow();
  }

  private static double startLoss(ImitationConfig config) {
    Network wide = trainedTeacher();
    ParameterStore teacherStore = new ParameterStore(wide.manager(), false);
    Device cpu = Device.cpu();
    try (Network thin = ModelFamilies.build(THIN, EngineFixtures.SEED, cpu);
        ImitationPairs pairs =
            ImitationPairs.create(THIN, wide.architecture(), EngineFixtures.SEED, cpu);
        DeviceSplits splits =
            DeviceSplits.upload(EngineFixtures.context().data(), THIN.inputShape(), cpu);
        NDManager scope = NDManager.newBaseManager(cpu)) {
      SameShapeParameters.copy(wide, thin);
      SBar sBar = new SBar(thin, pairs, wide, config);
      Phase joint = new Phase(THIN.imitationLayers() - 1, true, false, config.stepsPerLayer());
      PhaseInitialiser.initialise(sBar, joint, splits.train(), teacherStore);
      // the probe batch, which the fits never see
      NDArray x = splits.train().featureRange(0, ImitationPhase.PROBE_EXAMPLES, scope);
      return sBar.loss(x, joint, sBar.targets(x, joint, teacherStore), false).getFloat();
    }
  }

  /** What the teacher's block {@code layer} receives for 256 random images. */
  private static NDArray blockInput(
      Network wide, ParameterStore store, int layer, NDManager scope) {
    NDArray x = scope.randomNormal(new Shape(256, 1, 28, 28));
    for (int below = 0; below < layer; below++) {
      x = wide.forwardLayer(store, below, x, false);
    }
    return x;
  }

  private static List<Block> steps(Network network, int layer) {
    Residual block = (Residual) network.layer(layer);
    return block.branch().getChildren().values();
  }

  /**
   * Makes every output channel of the convolution at {@code conv} but {@code live} zero, and its
   * BatchNorm's shift there zero, so those channels are 0 after the ReLU.
   */
  private static void silenceAllBut(List<Block> branch, int conv, int[] live) {
    NDArray weight = branch.get(conv).getParameters().get("weight").getArray();
    NDArray shift = branch.get(conv + 1).getParameters().get("beta").getArray();
    for (int c = 0; c < weight.getShape().get(0); c++) {
      int channel = c;
      if (IntStream.of(live).noneMatch(l -> l == channel)) {
        weight.set(new NDIndex(c), 0);
        shift.set(new NDIndex(c), 0);
      }
    }
  }

  /** Sets each BatchNorm's running statistics to those of what it normalises in {@code x}. */
  private static void useBatchStatistics(List<Block> branch, ParameterStore store, NDArray x) {
    NDArray a = x;
    for (Block step : branch) {
      if (step instanceof BatchNorm) {
        NDArray pixels = a.transpose(0, 2, 3, 1).reshape(-1, a.getShape().get(1));
        NDArray mean = pixels.mean(new int[] {0});
        NDArray variance = pixels.sub(mean).square().mean(new int[] {0});
        step.getParameters().get("runningMean").getArray().set(mean.toFloatArray());
        step.getParameters().get("runningVar").getArray().set(variance.toFloatArray());
      }
      a = step.forward(store, new NDList(a), false).singletonOrThrow();
    }
  }

  /** Gives each channel of the BatchNorm at {@code norm} its own scale, 1 + channel / 100. */
  private static void tellChannelsApart(List<Block> branch, int norm) {
    NDArray scale = branch.get(norm).getParameters().get("gamma").getArray();
    for (int c = 0; c < scale.getShape().get(0); c++) {
      scale.set(new NDIndex(c), 1 + c / 100f);
    }
  }

  private static float[] gamma(List<Block> branch, int norm) {
    return branch.get(norm).getParameters().get("gamma").getArray().toFloatArray();
  }

  private static float[] picked(List<Block> branch, int norm, int[] channels) {
    float[] all = gamma(branch, norm);
    float[] values = new float[channels.length];
    for (int i = 0; i < channels.length; i++) {
      values[i] = all[channels[i]];
    }
    return sorted(values);
  }

  private static float[] sorted(float[] values) {
    float[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }
}
