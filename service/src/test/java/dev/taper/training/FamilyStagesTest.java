package dev.taper.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Parameter;
import dev.taper.training.EngineFixtures.RecordingCheckpoints;
import dev.taper.training.ImitationConfig.ImitationLoss;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.FamilyFixtures;
import dev.taper.training.family.Network;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The method's invariants (docs/method.md) for the families whose block interfaces keep their width
 * (ResNet, Transformer): the same stage classes as the MLP, with no imitation pairs.
 */
class FamilyStagesTest {

  private static final int WIDEN = 2;
  private static final TrainConfig WIDE = new TrainConfig(3, 64, OptimizerConfig.ADAM_DEFAULT);
  private static final Map<Architecture, StageOutcome> TEACHERS = new HashMap<>();

  static Stream<Architecture> families() {
    return Stream.of(FamilyFixtures.RESNET, FamilyFixtures.TRANSFORMER);
  }

  private static synchronized Network teacher(Architecture thin) {
    return TEACHERS
        .computeIfAbsent(thin, a -> Stages.wide(a, WIDEN, WIDE).run(EngineFixtures.context()))
        .network();
  }

  @AfterAll
  static void closeTeachers() {
    TEACHERS.values().forEach(StageOutcome::close);
    TEACHERS.clear();
  }

  @ParameterizedTest
  @MethodSource("families")
  void theWideModelHasTheSameDepthAndKTimesEachWidenedDimension(Architecture thin) {
    Network wide = teacher(thin);
    assertThat(wide.architecture()).isEqualTo(thin.widen(WIDEN));
    assertThat(wide.layerCount()).isEqualTo(thin.imitationLayers());
    assertThat(wide.parameterCount()).isEqualTo(thin.widen(WIDEN).parameterCount());
  }

  @ParameterizedTest
  @MethodSource("families")
  void imitationWarmsTheThinNetworkFarAboveChanceWithEveryPhaseLossFalling(Architecture thin) {
    Stage stage =
        Stages.imitate(
            thin,
            EngineFixtures.imitation(
                40, ImitationSchedule.PROGRESSIVE, ImitationLoss.NORMALIZED_MSE, 0.0),
            teacher(thin));
    try (StageOutcome warmed = stage.run(EngineFixtures.context())) {
      assertThat(warmed.network().architecture()).isEqualTo(thin);
      assertThat(warmed.metrics().parameterCount()).isEqualTo(thin.parameterCount());
      // chance is 0.1; the teacher itself only trained 3 epochs on 1,800 examples
      assertThat(warmed.metrics().testAccuracy()).isGreaterThan(0.25);
      assertThat(warmed.metrics().imitationLossPerLayer()).hasSize(thin.imitationLayers() + 1);
      // no pairs, so nothing to merge
      assertThat(warmed.metrics().mergeMaxAbsError()).isZero();
      assertThat(warmed.metrics().phaseLosses()).hasSize(thin.imitationLayers() + 1);
      for (PhaseLoss phase : warmed.metrics().phaseLosses()) {
        assertThat(phase.end()).as("phase %d", phase.phase()).isLessThan(phase.start());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("families")
  void frozenBlocksKeepTheirParametersAndRunningStatisticsBitForBit(Architecture thin) {
    RecordingCheckpoints checkpoints = new RecordingCheckpoints();
    StageContext context =
        EngineFixtures.context().withCheckpoints(checkpoints, Duration.ofHours(1));
    List<List<Integer>> layerIndices;
    try (StageOutcome warmed =
        Stages.imitate(thin, EngineFixtures.imitation(10), teacher(thin)).run(context)) {
      layerIndices = layerIndices(warmed.network());
    }
    // checkpoint k was written as phase k + 1 started
    assertThat(checkpoints.saved).hasSize(thin.imitationLayers());
    List<List<float[]>> phaseStarts = EngineFixtures.checkpointValues(checkpoints.saved);
    for (int k = 0; k + 1 < phaseStarts.size(); k++) {
      int phase = k + 1;
      for (int layer = 0; layer < phase; layer++) {
        for (int index : layerIndices.get(layer)) {
          assertThat(phaseStarts.get(k + 1).get(index))
              .as("layer %d array %d frozen during phase %d", layer, index, phase)
              .containsExactly(phaseStarts.get(k).get(index));
        }
      }
      List<float[]> start = phaseStarts.get(k);
      List<float[]> end = phaseStarts.get(k + 1);
      boolean changed =
          layerIndices.get(phase).stream().anyMatch(i -> !Arrays.equals(start.get(i), end.get(i)));
      assertThat(changed).as("layer %d trains during its own phase", phase).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("families")
  void fineTuningAndTheBaselinesTrainTheRightArchitectures(Architecture thin) {
    TrainConfig short_ = new TrainConfig(1, 64, OptimizerConfig.ADAM_DEFAULT);
    try (StageOutcome deeper = Stages.deeper(thin, short_).run(EngineFixtures.context())) {
      assertThat(deeper.network().architecture()).isEqualTo(thin.deepen(2));
      assertThat(deeper.network().layerCount()).isEqualTo(thin.deepen(2).imitationLayers());
      assertThat(deeper.metrics().parameterCount()).isEqualTo(thin.deepen(2).parameterCount());
      assertThat(deeper.metrics().flopsPerExample()).isEqualTo(thin.deepen(2).flopsPerExample());
      assertThat(deeper.metrics().testLoss()).isFinite();
    }
    try (StageOutcome kd =
        Stages.knowledgeDistillation(thin, short_, new DistillationConfig(0.5, 4), teacher(thin))
            .run(EngineFixtures.context())) {
      assertThat(kd.network().architecture()).isEqualTo(thin);
      assertThat(kd.metrics().testLoss()).isFinite();
    }
  }

  @ParameterizedTest
  @MethodSource("families")
  void aResumedStageEndsBitForBitWhereAnUninterruptedOneDoes(Architecture thin) {
    TrainConfig short_ = new TrainConfig(0.5, 64, OptimizerConfig.ADAM_DEFAULT);
    int saved = SupervisedStagesTest.assertResumeMatches(() -> Stages.scratch(thin, short_), 6);
    assertThat(saved).isEqualTo(6);
  }

  /** Positions in {@link Network#parameters()} (the checkpoint's order) of each layer's arrays. */
  private static List<List<Integer>> layerIndices(Network network) {
    List<Parameter> all = network.parameters();
    List<List<Integer>> indices = new ArrayList<>();
    for (int layer = 0; layer < network.layerCount(); layer++) {
      List<Integer> positions = new ArrayList<>();
      for (Parameter parameter : network.layerState(layer)) {
        positions.add(indexOf(all, parameter));
      }
      indices.add(positions);
    }
    return indices;
  }

  private static int indexOf(List<Parameter> all, Parameter parameter) {
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i) == parameter) {
        return i;
      }
    }
    throw new IllegalStateException("parameter not in the network: " + parameter.getName());
  }
}
