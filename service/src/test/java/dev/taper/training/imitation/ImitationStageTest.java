package dev.taper.training.imitation;

import static dev.taper.training.EngineFixtures.THIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import ai.djl.Device;
import dev.taper.training.EngineFixtures;
import dev.taper.training.EngineFixtures.RecordingCheckpoints;
import dev.taper.training.ImitationConfig;
import dev.taper.training.ImitationConfig.ImitationLoss;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.PhaseLoss;
import dev.taper.training.Progress;
import dev.taper.training.StageContext;
import dev.taper.training.StageOutcome;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The method's invariants of stage 2 on real Fashion-MNIST examples. */
class ImitationStageTest {

  private static final int STEPS = 40;

  @Test
  void progressiveImitationWarmsTheThinNetworkWithAnExactMerge() {
    Network teacher = EngineFixtures.teacher().network();
    ImitationStage stage = new ImitationStage(THIN, EngineFixtures.imitation(STEPS), teacher);
    List<Progress> reports = new ArrayList<>();
    try (StageOutcome warmed = stage.run(EngineFixtures.context().withProgress(reports::add))) {
      // invariant 2: merged S agrees with S-bar (the stage also refuses to finish otherwise)
      assertThat(warmed.metrics().mergeMaxAbsError()).isLessThan(1e-4);
      // invariant 3: exactly the thin architecture's parameters
      try (Network fresh = ModelFamilies.build(THIN, 99, Device.cpu())) {
        assertThat(warmed.network().parameterCount()).isEqualTo(fresh.parameterCount());
      }
      assertThat(warmed.network().architecture()).isEqualTo(THIN);
      // imitation alone gets far above chance (10%) before any fine-tuning
      assertThat(warmed.metrics().testAccuracy()).isGreaterThan(0.4);
      assertThat(warmed.metrics().imitationLossPerLayer()).hasSize(THIN.depth() + 1);
      // invariant 5: every phase ends lower than it started, on the fixed probe batch
      assertThat(warmed.metrics().phaseLosses()).hasSize(THIN.depth() + 1);
      for (PhaseLoss phase : warmed.metrics().phaseLosses()) {
        assertThat(phase.end()).as("phase %d", phase.phase()).isLessThan(phase.start());
      }
    }
    assertThat(reports).extracting(Progress::phase).contains("imitate", "head");
  }

  @Test
  void theStageReportsWhatEveryPhasesStepsAndFitsCost() {
    Network teacher = EngineFixtures.teacher().network();
    for (ImitationSchedule schedule : ImitationSchedule.values()) {
      ImitationConfig config =
          EngineFixtures.imitation(STEPS, schedule, ImitationLoss.NORMALIZED_MSE, 0);
      ImitationStage stage = new ImitationStage(THIN, config, teacher);
      ImitationCost cost = new ImitationCost(THIN, teacher.architecture(), config);
      int train = EngineFixtures.data().train().size();
      double expected = 0;
      for (Phase phase : stage.phases(THIN.depth())) {
        expected += phase.steps() * config.batchSize() * cost.stepFlopsPerExample(phase);
        expected += cost.startFlops(phase, train);
      }
      try (StageOutcome warmed = stage.run(EngineFixtures.context())) {
        assertThat(warmed.metrics().trainingFlops())
            .as(schedule.name())
            .isCloseTo(expected, withinPercentage(1e-9));
      }
    }
  }

  @Test
  void frozenLowerLayersStayBitForBitUnchanged() {
    Network teacher = EngineFixtures.teacher().network();
    RecordingCheckpoints checkpoints = new RecordingCheckpoints();
    StageContext context =
        EngineFixtures.context().withCheckpoints(checkpoints, Duration.ofHours(1));
    try (StageOutcome ignored =
        new ImitationStage(THIN, EngineFixtures.imitation(STEPS), teacher).run(context)) {
      // one checkpoint at the start of each phase after the first
      assertThat(checkpoints.saved).hasSize(THIN.depth());
    }
    List<List<float[]>> phaseStarts = EngineFixtures.checkpointValues(checkpoints.saved);
    // checkpoint k was written when phase k + 1 started; network parameters come first, two
    // (weight, bias) per layer
    for (int k = 0; k + 1 < phaseStarts.size(); k++) {
      int phase = k + 1;
      for (int layer = 0; layer < phase; layer++) {
        for (int p = 2 * layer; p < 2 * layer + 2; p++) {
          assertThat(Arrays.equals(phaseStarts.get(k).get(p), phaseStarts.get(k + 1).get(p)))
              .as("layer %d frozen during phase %d", layer, phase)
              .isTrue();
        }
      }
      assertThat(
              Arrays.equals(
                  phaseStarts.get(k).get(2 * phase), phaseStarts.get(k + 1).get(2 * phase)))
          .as("layer %d trains during its own phase", phase)
          .isFalse();
    }
  }

  @Test
  void jointScheduleAndNormalizedLossAlsoReduceTheirLoss() {
    Network teacher = EngineFixtures.teacher().network();
    ImitationStage joint =
        new ImitationStage(
            THIN,
            EngineFixtures.imitation(
                STEPS, ImitationSchedule.JOINT, ImitationLoss.NORMALIZED_MSE, 0.0),
            teacher);
    try (StageOutcome warmed = joint.run(EngineFixtures.context())) {
      assertThat(warmed.metrics().mergeMaxAbsError()).isLessThan(1e-4);
      assertThat(warmed.metrics().testAccuracy()).isGreaterThan(0.3);
      assertThat(warmed.metrics().phaseLosses()).hasSize(2);
      warmed.metrics().phaseLosses().forEach(p -> assertThat(p.end()).isLessThan(p.start()));
    }
  }

  @Test
  void lowerLayersTrainAtAScaledRateWhenAsked() {
    Network teacher = EngineFixtures.teacher().network();
    ImitationStage stage =
        new ImitationStage(
            THIN,
            EngineFixtures.imitation(STEPS, ImitationSchedule.PROGRESSIVE, ImitationLoss.MSE, 0.1),
            teacher);
    try (StageOutcome warmed = stage.run(EngineFixtures.context())) {
      assertThat(warmed.metrics().testAccuracy()).isGreaterThan(0.4);
      warmed.metrics().phaseLosses().forEach(p -> assertThat(p.end()).isLessThan(p.start()));
    }
  }
}
