package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.training.ModelMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyMarkdownTest {

  private final String markdown = StudyMarkdown.render(StudyFixtures.withImitation(), "tiny.svg");

  @Test
  void tableHasOneRowPerArmWithMeanStdSeedsValidationAndCost() {
    assertThat(markdown)
        .contains("| THIN | 87.30 ± 0.14 | 87.20, 87.40 | 86.00 | 3e-4 |")
        .contains("| SCRATCH | 86.00 ± 0.00 | 86.00, 86.00 |")
        .contains("| WIDE | 89.15 ± 0.07 |")
        .contains("(teacher)")
        .contains("| 0.00300 |");
  }

  @Test
  void namesTheMachineAndTheSourceRevisionTheNumbersCameFrom() {
    assertThat(markdown)
        .contains(
            "Machine: 2 cores (Test CPU, AuthenticAMD family 25 model 17 stepping 1, caches L2"
                + " 1024K L3 32768K; avx2 avx512f)")
        .contains("load average at start 0.5 0.5 0.5, Taper 0123456789ab.");
  }

  @Test
  void anArmThatFailedInASeedSaysSoInItsRow() {
    assertThat(markdown).contains("| KD (failed in a seed) | 86.50 ± n/a | 86.50, failed |");
  }

  @Test
  void anArmThatNeverRanIsAFailedRow() {
    StudyRecorder recorder = StudyFixtures.oneSeedRecorder();
    StudyRecorder.SeedRecord record = recorder.startSeed(1);
    record.failed("WIDE", "IllegalStateException: loss is NaN", List.of());
    record.measured("SCRATCH", StudyFixtures.seed(1, 86, 85, 1e-3));
    recorder.finishSeed();

    String md = StudyMarkdown.render(recorder.result(), "x.svg");

    assertThat(md).contains("| WIDE | **failed**: IllegalStateException: loss is NaN |");
    assertThat(md)
        .contains(
            "THIN - SCRATCH not measured, THIN - KD not measured, THIN - DEEPER not measured"
                + " -> not measured");
  }

  @Test
  void marksTheWallTimeOfAnArmReadBackFromAJournal() {
    ModelMetrics m = StudyFixtures.metrics(List.of(), List.of(), Double.NaN, Double.NaN);
    StudyRecorder recorder = StudyFixtures.oneSeedRecorder();
    StudyRecorder.SeedRecord record = recorder.startSeed(1);
    record.measured(
        "SCRATCH", ArmSeeds.measured(1, m, 115.2, true, List.of(), 1e-3, null, 1, 1, List.of()));
    record.measured(
        "DEEPER", ArmSeeds.measured(1, m, 84.0, false, List.of(), 1e-3, null, 1, 1, List.of()));
    recorder.finishSeed();

    String md = StudyMarkdown.render(recorder.result(), "x.svg");

    assertThat(md)
        .containsPattern("\\| SCRATCH \\|.*\\| 115\\.2 \\(r\\) \\|\n")
        .containsPattern("\\| DEEPER \\|.*\\| 84\\.0 \\|\n")
        .contains("a time marked (r) includes runs read back from a study journal");
    assertThat(markdown).doesNotContain("(r)");
  }

  @Test
  void pairsThinWithEachArmSeedBySeedWithAnIntervalOfTheMeanGain() {
    // THIN 87.2, 87.4 against SCRATCH 86.0, 86.0: gains 1.2 and 1.4, std 0.141, t(0.975, 1) 12.706
    assertThat(markdown)
        .contains("| THIN minus | Target | Test: mean | 95% interval | Seeds ahead |")
        .contains("| SCRATCH | +1.5 | +1.30 | +0.03 to +2.57 | 2 of 2 | 0 of 2 | +1.00 |")
        .contains("| DEEPER | +0.0 | +0.95 | +0.31 to +1.59 | 2 of 2 | 2 of 2 | -1.50 |");
    // KD was measured in one seed only: no interval to give
    assertThat(markdown).doesNotContain("| KD | +0.5 |");
  }

  @Test
  void aFileCostedByAnEarlierFormulaKeepsItsOwnDefinitionOfTrainingFlops() {
    StudyResult r = StudyFixtures.result();
    StudyResult.Units current = StudyResult.Units.STUDY;
    String earlier =
        "3 x forward FLOPs x training examples, plus one teacher pass per example read";
    StudyResult.Units old =
        new StudyResult.Units(
            current.accuracy(),
            current.loss(),
            current.wallSeconds(),
            current.flops(),
            current.thinExamples(),
            earlier,
            current.validationAccuracy());
    StudyResult costedEarlier = StudyFixtures.with(r, old, r.imitation());

    assertThat(StudyMarkdown.render(costedEarlier, "x.svg"))
        .contains("Training TFLOPs: " + earlier + ". Wall")
        .doesNotContain("as the engine counts it");
    assertThat(markdown).contains("KD, as the engine counts it (benchmarks/README.md says how).");
  }

  @Test
  void leavesOutPairedGainsWhenNoArmSharesTwoSeedsWithThin() {
    StudyRecorder recorder = StudyFixtures.oneSeedRecorder();
    StudyRecorder.SeedRecord record = recorder.startSeed(1);
    record.measured("SCRATCH", StudyFixtures.seed(1, 86, 85, 1e-3));
    record.measured("THIN", StudyFixtures.seed(1, 87, 86, 1e-3));
    recorder.finishSeed();

    assertThat(StudyMarkdown.render(recorder.result(), "x.svg")).doesNotContain("Paired gains");
  }

  @Test
  void statesTargetTeacherCheckAndWarnings() {
    assertThat(markdown)
        .contains(
            "**Target (THIN at least +1.5 over SCRATCH and +0.5 over KD and +0.0 over DEEPER):"
                + " THIN - SCRATCH = +1.30 points, THIN - KD = +0.80 points, THIN - DEEPER ="
                + " +0.95 points -> not met**")
        .contains("Teacher check: WIDE 88.00% on validation, DEEPER 87.50%, margin +0.50 points")
        .contains("**the teacher is not worth it**")
        .contains("- KD failed in seed 2: IllegalStateException: loss is NaN");
  }

  @Test
  void listsEveryGridPointsValidationAccuracyWithThePickInBold() {
    assertThat(markdown)
        .contains("| Arm | Seed | 3e-4 | 1e-3 |")
        .contains("| THIN | 1 | **86.00** | 85.00 |")
        .contains("| KD | 2 | failed |  |");
  }

  @Test
  void summarisesEachValidationCurveByItsBestAndLastEpoch() {
    assertThat(markdown)
        .contains("| Arm | Seed | Epochs | Best epoch | Best | Last |")
        .contains("| THIN | 1 | 3 | 2 | 86.50 | 86.00 |");
  }

  @Test
  void namesTheTemperatureThinsReadOutWasCalibratedAt(@TempDir Path dir) throws Exception {
    ModelMetrics warmed = StudyFixtures.metrics(List.of(), List.of(), Double.NaN, Double.NaN);
    ModelMetrics calibrated = StudyFixtures.metrics(List.of(), List.of(), Double.NaN, 1.825);
    StudyRecorder recorder = StudyFixtures.oneSeedRecorder();
    StudyRecorder.SeedRecord record = recorder.startSeed(1);
    record.measured(
        "WARMED", ArmSeeds.measured(1, warmed, 5, false, List.of(), 1e-3, null, 1, 1, List.of()));
    record.measured(
        "THIN",
        ArmSeeds.thin(
            1, calibrated, 10, List.of(86.0), warmed, 5, false, 1e-3, null, 2, 2, List.of()));
    recorder.finishSeed();
    String json = StudyJson.render(recorder.result());

    StudyResult read = StudyJson.read(Files.writeString(dir.resolve("calibrated.json"), json));

    assertThat(json).contains("\"head_temperature\" : 1.825");
    assertThat(StudyMarkdown.render(read, "x.svg"))
        .contains("Read-out calibrated before fine-tuning (`finetune.calibrateHead`)")
        .contains(": THIN 1.825 (seed 1).")
        .doesNotContain("WARMED 1.825");
    assertThat(markdown).doesNotContain("Read-out calibrated");
  }

  @Test
  void showsEachModelsInactiveUnitsByTheirMeanAndWorstLayer() {
    assertThat(markdown)
        .contains("| Arm | Seed | Mean over layers | Worst layer |")
        .contains("| THIN | 1 | 12.5% | L1 25.0% |")
        .contains("| WIDE | 2 | 12.5% | L1 25.0% |")
        .doesNotContain("| KD | 2 | 0.0%");
  }

  @Test
  void leavesTheCurvesOutOfAResultWrittenBeforeTheyWereRecorded(@TempDir Path dir)
      throws Exception {
    String json = StudyJson.render(StudyFixtures.withImitation());
    String older = json.replaceAll("\"validation_by_epoch\" : \\[[^\\]]*\\],?", "");
    assertThat(older).isNotEqualTo(json).doesNotContain("validation_by_epoch");

    StudyResult read = StudyJson.read(Files.writeString(dir.resolve("older.json"), older));

    assertThat(StudyMarkdown.render(read, "x.svg")).doesNotContain("Best epoch");
    String withoutUnits = json.replaceAll("\"inactive_units_per_layer\" : \\[[^\\]]*\\],?", "");
    assertThat(withoutUnits).doesNotContain("inactive_units_per_layer");
    assertThat(
            StudyMarkdown.render(
                StudyJson.read(Files.writeString(dir.resolve("oldest.json"), withoutUnits)),
                "x.svg"))
        .doesNotContain("Inactive units");
  }

  @Test
  void saysHowTheSettingsWereChosenAndShowsImitationAndTheSpec() {
    assertThat(markdown)
        .contains("## How the settings were chosen")
        .contains("picked per seed by validation accuracy")
        .contains(
            "| 1 | 3.20e-06 | all layers 5.40->1.70 (1 jump, 1 rollback), head 0.900->0.200 |")
        .contains("\"widenFactor\" : 4");
  }
}
