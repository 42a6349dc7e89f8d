package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.training.ModelMetrics;
import dev.taper.training.PhaseLoss;
import java.util.List;
import org.junit.jupiter.api.Test;

class StudyRecorderTest {

  @Test
  void summarisesOverTheSeedsWhereTheArmWasMeasured() {
    StudyResult.Arm kd = StudyFixtures.result().arm("KD").orElseThrow();

    assertThat(kd.accuracyMean()).isEqualTo(86.5);
    assertThat(kd.seeds()).hasSize(2);
    assertThat(kd.measured()).hasSize(1);
    assertThat(kd.failed()).isTrue();
    assertThat(kd.learningRates()).containsExactly(1e-3);
    assertThat(kd.trainingFlops()).isEqualTo(3e9);
    assertThat(kd.trainingFlopsWithGrid()).isEqualTo(6e9);
  }

  @Test
  void namesWhatEachImitationPhaseMatched() {
    ModelMetrics warmed =
        StudyFixtures.metrics(
            List.of(0.5),
            List.of(new PhaseLoss(0, 5.4, 1.7), new PhaseLoss(1, 0.9, 0.2)),
            1e-6,
            Double.NaN);
    StudyRecorder.SeedRecord record = StudyFixtures.oneSeedRecorder().startSeed(1);

    assertThat(record.imitation(warmed, StudyFixtures.jointImitation(0)).phases())
        .extracting(StudyResult.Phase::what)
        .containsExactly("all layers", "head");
    assertThat(record.imitation(warmed, StudyFixtures.jointImitation(2)).phases())
        .extracting(StudyResult.Phase::what)
        .containsExactly("all layers and logits", "head");
  }

  @Test
  void warnsAboutFailuresAndAWeakTeacher() {
    StudyResult r = StudyFixtures.result();

    assertThat(r.teacher().ok()).isFalse();
    assertThat(r.warnings())
        .anyMatch(w -> w.startsWith("KD failed in seed 2"))
        .anyMatch(w -> w.contains("not at least 1.0 point above DEEPER's"));
  }

  @Test
  void warnsWhenTheTeachersOwnLeadOverScratchIsBelowTheScratchTarget() {
    assertThat(StudyFixtures.result().warnings()).noneMatch(w -> w.contains("leads SCRATCH"));

    StudyRecorder recorder = StudyFixtures.oneSeedRecorder();
    StudyRecorder.SeedRecord record = recorder.startSeed(1);
    record.measured("WIDE", StudyFixtures.seed(1, 88.5, 88.0, 1e-3));
    record.measured("SCRATCH", StudyFixtures.seed(1, 87.5, 87.0, 1e-3));
    recorder.finishSeed();
    assertThat(recorder.result().warnings())
        .contains(
            "the WIDE teacher leads SCRATCH by 1.00 points on validation (88.00% against 87.00%),"
                + " less than the 1.5 the SCRATCH target asks of THIN: only a THIN better than its"
                + " own teacher could meet it here");
  }

  @Test
  void warnsWhenEverySeedPicksTheEdgeOfTheGrid() {
    assertThat(StudyFixtures.result().warnings())
        .anyMatch(w -> w.startsWith("THIN picked the grid's smallest learning rate"))
        .anyMatch(w -> w.startsWith("SCRATCH picked the grid's largest learning rate"))
        .noneMatch(w -> w.startsWith("WIDE picked"));
  }

  @Test
  void knowsWhetherAnythingWasMeasured() {
    StudyRecorder recorder = StudyFixtures.oneSeedRecorder();
    StudyRecorder.SeedRecord record = recorder.startSeed(1);
    record.failed("WIDE", "broken", List.of());
    assertThat(recorder.measuredAnything()).isFalse();

    record.measured("SCRATCH", StudyFixtures.seed(1, 86, 85, 1e-3));
    assertThat(recorder.measuredAnything()).isTrue();
  }
}
