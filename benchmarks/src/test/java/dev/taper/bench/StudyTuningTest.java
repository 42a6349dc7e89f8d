package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.taper.dataset.FashionMnist;
import dev.taper.dataset.RawDataset;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecDefaults;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study that tunes WIDE (or imitation) trains it at every rate of the grid, picks the run with
 * the best validation accuracy, and goes on from that run: every arm after it ends exactly as in a
 * study whose spec sets the picked rate and does not tune it. A rate whose runs fail is recorded as
 * failed and costs nothing; the others go on.
 */
class StudyTuningTest {

  private static final String SPEC =
      """
      {"name": "teacher", "dataset": "fashion-mnist-mini", "seed": 3, "device": "cpu",
       "model": {"family": "mlp", "depth": 2, "width": 16}, "widenFactor": 2,
       "wide": {"epochs": 1, "batchSize": 64, "optimizer": {"name": "adam", "learningRate": %s}},
       "imitate": {"stepsPerLayer": 10, "batchSize": 64,
                   "optimizer": {"name": "adam", "learningRate": %s}},
       "finetune": {"epochs": 1, "batchSize": 64},
       "baselines": ["scratch", "kd"],
       "limits": {"trainExamples": 1000, "testExamples": 300}}
      """;

  private static final List<Double> GRID = List.of(1e-4, 3e-3);

  @TempDir Path dir;

  @Test
  void thePickedTeacherTeachesEveryArm() throws Exception {
    RawDataset raw = FashionMnist.load(StudyFixtures.miniDataset(dir));

    StudyResult tuned = run(spec("1e-4", "1e-3"), new StudyTuning(GRID, true, false), raw);
    StudyResult.ArmSeed wide = arm(tuned, "WIDE");
    assertThat(wide.grid()).extracting(StudyResult.GridPoint::learningRate).isEqualTo(GRID);
    StudyResult.GridPoint best =
        wide.grid().stream()
            .max(Comparator.comparing(StudyResult.GridPoint::validationAccuracy))
            .orElseThrow();
    assertThat(wide.learningRate()).isEqualTo(best.learningRate());
    assertThat(wide.validationAccuracy()).isEqualTo(best.validationAccuracy());
    // The grid's rates differ enough that the pick is not the spec's rate: else this proves
    // nothing.
    assertThat(wide.learningRate()).isEqualTo(3e-3);
    assertThat(wide.trainingFlopsWithGrid()).isGreaterThan(wide.trainingFlops());
    assertThat(tuned.selection().wideTuned()).isTrue();
    assertThat(tuned.selection().text()).contains("WIDE is swept over the grid too");
    assertThat(tuned.warnings()).anyMatch(w -> w.startsWith("WIDE picked the grid's largest"));

    StudyResult fixed =
        run(spec(StudySelection.rate(wide.learningRate()), "1e-3"), StudyTuning.grid(GRID), raw);
    for (String name : List.of("WIDE", "WARMED", "THIN", "KD")) {
      // the same run by its recipe, which the result names: the key its journal keeps it under
      assertThat(arm(tuned, name).recipe()).as(name).matches("[0-9a-f]{64}");
      assertThat(arm(tuned, name).recipe()).as(name).isEqualTo(arm(fixed, name).recipe());
      assertThat(arm(tuned, name).accuracy()).as(name).isEqualTo(arm(fixed, name).accuracy());
      assertThat(arm(tuned, name).validationAccuracy())
          .as(name)
          .isEqualTo(arm(fixed, name).validationAccuracy());
    }
    assertThat(arm(fixed, "WIDE").grid()).isEmpty();
    assertThat(arm(tuned, "THIN").recipe()).isNotEqualTo(arm(tuned, "WARMED").recipe());
    assertThat(fixed.selection().wideTuned()).isFalse();
  }

  @Test
  void thePickedImitationIsTheOneFineTuned() throws Exception {
    RawDataset raw = FashionMnist.load(StudyFixtures.miniDataset(dir));

    // The spec's imitation rate is not on the grid, so the pick cannot be the spec's rate.
    StudyResult tuned = run(spec("1e-3", "1e-3"), new StudyTuning(GRID, false, true), raw);
    StudyResult.ArmSeed warmed = arm(tuned, "WARMED");
    assertThat(warmed.grid()).extracting(StudyResult.GridPoint::learningRate).isEqualTo(GRID);
    StudyResult.GridPoint best =
        warmed.grid().stream()
            .max(Comparator.comparing(StudyResult.GridPoint::validationAccuracy))
            .orElseThrow();
    assertThat(warmed.learningRate()).isEqualTo(best.learningRate());
    assertThat(warmed.validationAccuracy()).isEqualTo(best.validationAccuracy());
    // Every imitation run costs the same, so the grid adds one more per extra rate; THIN's grid
    // cost carries imitation's grid as well as its own fine-tuning runs.
    double imitation = warmed.trainingFlops() - arm(tuned, "WIDE").trainingFlops();
    assertThat(warmed.trainingFlopsWithGrid() - warmed.trainingFlops())
        .isCloseTo((GRID.size() - 1) * imitation, withinPercentage(1e-6));
    StudyResult.ArmSeed thin = arm(tuned, "THIN");
    double finetune = thin.trainingFlops() - warmed.trainingFlops();
    assertThat(thin.trainingFlopsWithGrid() - thin.trainingFlops())
        .isCloseTo((GRID.size() - 1) * (imitation + finetune), withinPercentage(1e-6));
    assertThat(tuned.selection().imitationTuned()).isTrue();
    assertThat(tuned.selection().text()).contains("imitation is swept over the grid too");

    StudyResult fixed =
        run(spec("1e-3", StudySelection.rate(warmed.learningRate())), StudyTuning.grid(GRID), raw);
    for (String name : List.of("WIDE", "WARMED", "THIN", "SCRATCH", "KD")) {
      assertThat(arm(tuned, name).accuracy()).as(name).isEqualTo(arm(fixed, name).accuracy());
      assertThat(arm(tuned, name).validationAccuracy())
          .as(name)
          .isEqualTo(arm(fixed, name).validationAccuracy());
    }
    assertThat(arm(fixed, "WARMED").grid()).isEmpty();
    assertThat(fixed.selection().imitationTuned()).isFalse();
    assertThat(fixed.selection().text()).contains("imitation stays at");
  }

  @Test
  void aRateThatDivergesIsRecordedAndTheOthersGoOn() throws Exception {
    RawDataset raw = FashionMnist.load(StudyFixtures.miniDataset(dir));
    // Adam moves every parameter by about the rate each step: at 1e30 activations overflow to
    // infinity within a few steps, and every stage must fail on its non-finite loss.
    List<Double> grid = List.of(1e-4, 1e30);

    StudyResult tuned = run(spec("1e-3", "1e-3"), new StudyTuning(grid, true, true), raw);

    StudyResult.ArmSeed warmed = arm(tuned, "WARMED");
    assertThat(warmed.grid()).extracting(StudyResult.GridPoint::learningRate).isEqualTo(grid);
    StudyResult.GridPoint diverged = warmed.grid().get(1);
    assertThat(diverged.failed()).isTrue();
    assertThat(diverged.error()).isNotBlank();
    assertThat(diverged.validationAccuracy()).isNull();
    assertThat(warmed.learningRate()).isEqualTo(1e-4);
    // A run that failed costs nothing in the grid's total.
    assertThat(warmed.trainingFlopsWithGrid())
        .isCloseTo(warmed.trainingFlops(), withinPercentage(1e-9));
    for (String name : List.of("WIDE", "THIN", "SCRATCH", "KD")) {
      assertThat(arm(tuned, name).failed()).as(name).isFalse();
      assertThat(arm(tuned, name).learningRate()).as(name).isEqualTo(1e-4);
      assertThat(arm(tuned, name).grid().get(1).failed()).as(name).isTrue();
    }
  }

  private ExperimentSpec spec(String wideRate, String imitationRate) throws Exception {
    Path file = dir.resolve("tuning-" + wideRate + "-" + imitationRate + ".json");
    Files.writeString(file, SPEC.formatted(wideRate, imitationRate));
    return StudySpecFile.read(file).spec();
  }

  private static StudyResult run(ExperimentSpec written, StudyTuning tuning, RawDataset raw) {
    ExperimentSpec spec = SpecDefaults.resolve(written);
    StudyRecorder recorder =
        new StudyRecorder(
            spec,
            1,
            StudyFixtures.machine(),
            "2026-12-02T00:00:00Z",
            StudySelection.of(written, spec, tuning));
    ConsoleProgress quiet = new ConsoleProgress(new PrintStream(new ByteArrayOutputStream()));
    new SeedRunner(spec, tuning, quiet, StudyModels.none(), StudyJournal.none())
        .run(raw, 0, 1, spec.seed(), recorder);
    return recorder.result();
  }

  private static StudyResult.ArmSeed arm(StudyResult result, String name) {
    return result.arms().stream()
        .filter(a -> a.arm().equals(name))
        .findFirst()
        .orElseThrow()
        .seeds()
        .get(0);
  }
}
