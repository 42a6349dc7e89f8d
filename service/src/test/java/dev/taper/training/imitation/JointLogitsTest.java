package dev.taper.training.imitation;

import static dev.taper.training.EngineFixtures.THIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.taper.training.EngineFixtures;
import dev.taper.training.ImitationConfig;
import dev.taper.training.ImitationConfig.ImitationLoss;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.PhaseLoss;
import dev.taper.training.StageOutcome;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.loop.DeviceSplits;
import dev.taper.training.loop.Losses;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code imitate.logitsWeight}: the joint phase also matching the teacher's logits. */
class JointLogitsTest {

  private static final ImitationConfig JOINT =
      EngineFixtures.imitation(40, ImitationSchedule.JOINT, ImitationLoss.NORMALIZED_MSE, 0.0);

  @Test
  void theJointLossAddsTheWeightedHeadLossOfSBarsLogits() {
    Network teacher = EngineFixtures.teacher().network();
    Device cpu = Device.cpu();
    try (Network thin = ModelFamilies.build(THIN, EngineFixtures.SEED, cpu);
        ImitationPairs pairs =
            ImitationPairs.create(THIN, teacher.architecture(), EngineFixtures.SEED, cpu);
        DeviceSplits splits =
            DeviceSplits.upload(EngineFixtures.context().data(), THIN.inputShape(), cpu);
        NDManager scope = NDManager.newBaseManager(cpu)) {
      SBar layersOnly = new SBar(thin, pairs, teacher, JOINT);
      SBar withLogits = new SBar(thin, pairs, teacher, EngineFixtures.withLogitsWeight(JOINT, 2.5));
      Phase joint = new Phase(THIN.depth() - 1, true, false, 1);
      ParameterStore teacherStore = new ParameterStore(teacher.manager(), false);
      NDArray x = splits.train().featureRange(0, 128, scope);

      assertThat(layersOnly.targets(x, joint, teacherStore).logits()).isNull();
      SBar.Targets targets = withLogits.targets(x, joint, teacherStore);
      float layers = layersOnly.loss(x, joint, targets, false).getFloat();
      float both = withLogits.loss(x, joint, targets, false).getFloat();
      float head =
          Losses.head(
                  withLogits.logits(x, false),
                  teacher.logits(teacherStore, x, false),
                  JOINT.headLoss(),
                  JOINT.headTemperature())
              .getFloat();

      assertThat(head).isPositive();
      assertThat(both).isCloseTo(layers + 2.5f * head, within(1e-4f * both));
    }
  }

  @Test
  void featuresShapedByTheLogitsLeaveTheHeadPhaseLessToFitAndTheMergeStaysExact() {
    Network teacher = EngineFixtures.teacher().network();
    List<PhaseLoss> layersOnly;
    try (StageOutcome warmed =
        new ImitationStage(THIN, JOINT, teacher).run(EngineFixtures.context())) {
      layersOnly = warmed.metrics().phaseLosses();
    }
    ImitationConfig config = EngineFixtures.withLogitsWeight(JOINT, 1.0);
    try (StageOutcome warmed =
        new ImitationStage(THIN, config, teacher).run(EngineFixtures.context())) {
      List<PhaseLoss> withLogits = warmed.metrics().phaseLosses();
      assertThat(warmed.metrics().mergeMaxAbsError()).isLessThan(1e-4);
      assertThat(withLogits).hasSize(2);
      withLogits.forEach(p -> assertThat(p.end()).isLessThan(p.start()));
      // the head phase starts from the least-squares fit of B's logits on the thin features: it
      // fits better on features the joint phase shaped with the logits in view
      assertThat(withLogits.get(1).start()).isLessThan(0.8 * layersOnly.get(1).start());
      assertThat(warmed.metrics().testAccuracy()).isGreaterThan(0.3);
    }
  }

  @Test
  void onlyTheJointScheduleTakesALogitsWeight() {
    ImitationConfig progressive = EngineFixtures.imitation(10);
    assertThatThrownBy(() -> EngineFixtures.withLogitsWeight(progressive, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("joint schedule");
    assertThatThrownBy(() -> EngineFixtures.withLogitsWeight(JOINT, -1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("logitsWeight must be >= 0");
    assertThat(EngineFixtures.withLogitsWeight(progressive, 0.0).jointMatchesLogits()).isFalse();
  }
}
