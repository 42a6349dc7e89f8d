package dev.taper.training.imitation;

import static org.assertj.core.api.Assertions.assertThat;

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

  /** The live inner channels of the teacher's first block: after its 1x1 and after its 3x3. */
  private static final int[] LIVE_REDUCED = {1, 5, 9, 14};

  private static final int[] LIVE_SPATIAL = {0, 3, 7, 12};

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

  @Test
  void aTeacherBlockWithOnlyAsManyLiveInnerChannelsIsReproducedExactly() {
    GradMode.offOutsideCollectors();
    Device cpu = Device.cpu();
    try (Network thin = ModelFamilies.build(THIN, 1, cpu);
        Network wide = ModelFamilies.build(THIN.widen(WIDEN), 2, cpu);
        NDManager scope = NDManager.newBaseManager(cpu)) {
      ParameterStore wideStore = new ParameterStore(scope, false);
      NDArray images = scope.randomNormal(new Shape(256, 1, 28, 28));
      NDArray x = wide.forwardLayer(wideStore, 0, images, false);
      List<Block> branch = steps(wide, 1);
      tellChannelsApart(branch, 1);
      tellChannelsApart(branch, 4);
      silenceAllBut(branch, 0, LIVE_REDUCED);
      silenceAllBut(branch, 3, LIVE_SPATIAL);
      // running statistics equal to the batch's, so the teacher's inference is its training pass
      useBatchStatistics(branch, wideStore, x);
      SameShapeParameters.copy(wide, thin);

      BottleneckChannelFit.fit(thin, wide, wideStore, 1, x, x, scope);

      NDArray own = thin.forwardLayer(new ParameterStore(scope, false), 1, x, false);
      NDArray theirs = wide.forwardLayer(wideStore, 1, x, false);
      double error = own.sub(theirs).square().mean().sqrt().getFloat();
      double scale = theirs.square().mean().sqrt().getFloat();
      assertThat(scale).isPositive();
      assertThat(error / scale).isLessThan(1e-3);
      // the channels kept are the live ones, whichever order they were picked in
      assertThat(sorted(gamma(steps(thin, 1), 1))).containsExactly(picked(branch, 1, LIVE_REDUCED));
      assertThat(sorted(gamma(steps(thin, 1), 4))).containsExactly(picked(branch, 4, LIVE_SPATIAL));
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
      NDArray x =
          wide.forwardLayer(wideStore, 0, scope.randomNormal(new Shape(256, 1, 28, 28)), false);
      List<Block> branch = steps(wide, 1);
      tellChannelsApart(branch, 4);
      // six live channels after the 3x3 for the thin branch's four
      silenceAllBut(branch, 3, new int[] {0, 3, 7, 9, 12, 15});
      useBatchStatistics(branch, wideStore, x);
      SameShapeParameters.copy(wide, thin);
      NDArray theirs = wide.forwardLayer(wideStore, 1, x, false);

      BottleneckChannelFit.fit(thin, wide, wideStore, 1, x, x, scope);
      double fitted = relativeError(thin, x, theirs, scope);
      // the same channels with the teacher's weights on them as they are
      List<Block> own = steps(thin, 1);
      float[] kept = gamma(own, 4);
      float[] all = gamma(branch, 4);
      NDArray teachers = branch.get(6).getParameters().get("weight").getArray();
      NDArray sliced = own.get(6).getParameters().get("weight").getArray();
      for (int k = 0; k < kept.length; k++) {
        sliced.set(new NDIndex(":, " + k), teachers.get(":, " + indexOf(all, kept[k])));
      }
      double slicedError = relativeError(thin, x, theirs, scope);

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
    assertThat(fromTeacher).isLessThan(0.5 * fromRandom);
  }

  @Test
  void anImitationStageFromTheTeachersBottlenecksWarmsTheThinResNet() {
    ImitationConfig config =
        EngineFixtures.withLayerInit(
            EngineFixtures.imitation(
                10, ImitationSchedule.JOINT, ImitationLoss.NORMALIZED_MSE, 0.0),
            LayerInit.TEACHER_UNITS);
    try (StageOutcome warmed =
        Stages.imitate(THIN, config, trainedTeacher()).run(EngineFixtures.context())) {
      assertThat(warmed.network().architecture()).isEqualTo(THIN);
      // chance is 0.1; the teacher itself only trained 3 epochs on 1,800 examples
      assertThat(warmed.metrics().testAccuracy()).isGreaterThan(0.25);
      for (PhaseLoss phase : warmed.metrics().phaseLosses()) {
        assertThat(phase.end()).as("phase %d", phase.phase()).isFinite();
      }
    }
  }

  private static double relativeError(Network thin, NDArray x, NDArray theirs, NDManager scope) {
    NDArray own = thin.forwardLayer(new ParameterStore(scope, false), 1, x, false);
    return own.sub(theirs).square().mean().sqrt().getFloat()
        / theirs.square().mean().sqrt().getFloat();
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
