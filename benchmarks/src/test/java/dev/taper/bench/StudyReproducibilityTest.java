package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.dataset.FashionMnist;
import dev.taper.dataset.RawDataset;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecDefaults;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study is reproducible from its seed: the same spec run twice in one process (different garbage
 * collections, a different heap, other threads busy the second time) gives every arm the same
 * validation and test accuracy, bit for bit, with the learning-rate grid picking the same rates.
 */
class StudyReproducibilityTest {

  static final String SPEC =
      """
      {"name": "repro", "dataset": "fashion-mnist-mini", "seed": 5, "device": "cpu",
       "model": {"family": "mlp", "depth": 2, "width": 16}, "widenFactor": 2,
       "wide": {"epochs": 1, "batchSize": 64},
       "imitate": {"stepsPerLayer": 10, "batchSize": 64},
       "finetune": {"epochs": 1, "batchSize": 64},
       "baselines": ["scratch", "kd"],
       "limits": {"trainExamples": 1000, "testExamples": 300}}
      """;

  @TempDir Path dir;

  @Test
  void theSameSpecAndSeedGiveTheSameAccuraciesTwice() throws Exception {
    Path specFile = dir.resolve("repro.json");
    Files.writeString(specFile, SPEC);
    StudySpecFile file = StudySpecFile.read(specFile);
    ExperimentSpec spec = SpecDefaults.resolve(file.spec());
    List<Double> grid = List.of(1e-3, 3e-3);
    RawDataset raw = FashionMnist.load(StudyFixtures.miniDataset(dir));

    Map<String, List<Double>> first = accuracies(run(spec, file, grid, raw));
    Thread busy = busyThread();
    busy.start();
    Map<String, List<Double>> second;
    try {
      System.gc();
      second = accuracies(run(spec, file, grid, raw));
    } finally {
      busy.interrupt();
    }

    assertThat(first).containsKeys("WIDE", "WARMED", "THIN", "SCRATCH", "KD");
    assertThat(second).isEqualTo(first);
  }

  private static StudyResult run(
      ExperimentSpec spec, StudySpecFile file, List<Double> grid, RawDataset raw) {
    StudyRecorder recorder =
        new StudyRecorder(
            spec,
            1,
            StudyFixtures.machine(),
            "2026-12-02T00:00:00Z",
            StudySelection.of(file.spec(), spec, StudyTuning.grid(grid)));
    ConsoleProgress quiet = new ConsoleProgress(new PrintStream(new ByteArrayOutputStream()));
    new SeedRunner(spec, StudyTuning.grid(grid), quiet, StudyModels.none(), StudyJournal.none())
        .run(raw, 0, 1, spec.seed(), recorder);
    return recorder.result();
  }

  /** Per arm: validation accuracy, test accuracy and the picked learning rate of the seed. */
  private static Map<String, List<Double>> accuracies(StudyResult result) {
    Map<String, List<Double>> byArm = new LinkedHashMap<>();
    for (StudyResult.Arm arm : result.arms()) {
      StudyResult.ArmSeed seed = arm.seeds().get(0);
      byArm.put(
          arm.arm(),
          Arrays.asList(seed.validationAccuracy(), seed.accuracy(), seed.learningRate()));
    }
    return byArm;
  }

  /** Competes for the CPU while the second run trains. */
  private static Thread busyThread() {
    Thread thread =
        new Thread(
            () -> {
              double sink = 0;
              while (!Thread.currentThread().isInterrupted()) {
                sink += Math.sqrt(sink + 1);
              }
            },
            "busy");
    thread.setDaemon(true);
    return thread;
  }
}
