package dev.taper.bench;

import dev.taper.bench.StudyResult.ArmSeed;
import dev.taper.bench.StudyResult.GridPoint;
import dev.taper.bench.StudyResult.Imitation;
import dev.taper.bench.StudyResult.Phase;
import dev.taper.dataset.FashionMnist;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecDefaults;
import dev.taper.training.ImitationConfig;
import dev.taper.training.ImitationConfig.HeadLoss;
import dev.taper.training.ImitationConfig.ImitationLoss;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.JumpRecovery;
import dev.taper.training.ModelMetrics;
import dev.taper.training.OptimizerConfig;
import dev.taper.training.PhaseLoss;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A small study result built by hand: two seeds, a learning-rate grid, KD failing in the second
 * seed and DEEPER as good as WIDE on validation (so the teacher check warns).
 */
final class StudyFixtures {

  static final List<Double> GRID = List.of(3e-4, 1e-3);

  private StudyFixtures() {}

  /** A joint imitation of the default kind, matching the teacher's logits at the given weight. */
  static ImitationConfig jointImitation(double logitsWeight) {
    return new ImitationConfig(
        100,
        ImitationSchedule.JOINT,
        ImitationLoss.NORMALIZED_MSE,
        0,
        128,
        OptimizerConfig.ADAM_DEFAULT,
        HeadLoss.KL,
        4,
        false,
        ImitationConfig.TokenTransfer.NONE,
        ImitationConfig.FeatureConditioning.NONE,
        logitsWeight,
        JumpRecovery.OFF,
        ImitationConfig.LayerInit.STANDARDISED);
  }

  static ExperimentSpec spec() {
    return SpecDefaults.resolve(
        new ExperimentSpec(
            "tiny", null, null, 4, 1L, null, null, null, null, null, null, null, null));
  }

  /** A recorder for a one-seed study of {@link #spec()}, nothing tuned. */
  static StudyRecorder oneSeedRecorder() {
    return new StudyRecorder(
        spec(), 1, machine(), "today", StudySelection.of(spec(), spec(), StudyTuning.none()));
  }

  /** A stage's metrics as the engine reports them, with the fields studies read set here. */
  static ModelMetrics metrics(
      List<Double> layerLosses,
      List<PhaseLoss> phaseLosses,
      double mergeMaxAbsError,
      double headTemperature) {
    return new ModelMetrics(
        0.85,
        0.4,
        0.84,
        1000,
        2000,
        4096,
        10,
        1000,
        5000,
        3e7,
        layerLosses,
        phaseLosses,
        mergeMaxAbsError,
        headTemperature,
        List.of(0.0, 0.0));
  }

  static Machine machine() {
    return machine("0.5 0.5 0.5", Map.of("ONEDNN_MAX_CPU_ISA", "AVX2"));
  }

  /** The same test machine at another load, with other ISA caps. */
  static Machine machine(String loadAverage, Map<String, String> isaCaps) {
    return machine(loadAverage, isaCaps, "0123456789ab");
  }

  /** The same test machine running a build of another source revision. */
  static Machine machine(String loadAverage, Map<String, String> isaCaps, String sourceRevision) {
    return new Machine(
        2,
        "Test CPU",
        "AuthenticAMD family 25 model 17 stepping 1, caches L2 1024K L3 32768K",
        "Linux 6 (amd64)",
        "OpenJDK 17",
        1024L,
        "PyTorch 2.7.1",
        "0.36.0",
        "cpu",
        1,
        1,
        "1",
        loadAverage,
        List.of("avx2", "avx512f"),
        isaCaps,
        Map.of("OMP_NUM_THREADS", "1"),
        sourceRevision);
  }

  /** A measured arm seed: accuracy and validation in percent, picked at {@code rate}. */
  static ArmSeed seed(long seed, double accuracy, double validation, double rate) {
    return new ArmSeed(
        seed,
        accuracy,
        0.4,
        10.0,
        validation,
        List.of(validation - 2, validation + 0.5, validation),
        9.0,
        1000.0,
        5000L,
        4096L,
        1000L,
        2000L,
        rate,
        null,
        List.of(0.0, 0.25),
        3e9,
        6e9,
        GRID.stream()
            .map(r -> new GridPoint(r, r == rate ? validation : validation - 1, false, null))
            .toList(),
        false,
        null,
        false,
        "d1f1e7a5".repeat(8));
  }

  static StudyResult result() {
    StudyRecorder recorder =
        new StudyRecorder(
            spec(),
            2,
            machine(),
            "2026-01-01T00:00Z",
            StudySelection.of(spec(), spec(), StudyTuning.grid(GRID)));
    for (long s = 1; s <= 2; s++) {
      StudyRecorder.SeedRecord record = recorder.startSeed(s);
      record.measured("WIDE", seed(s, 89.0 + s / 10.0, 88.0, 1e-3));
      record.measured("SCRATCH", seed(s, 86.0, 85.0, 1e-3));
      if (s == 1) {
        record.measured("KD", seed(s, 86.5, 85.5, 1e-3));
      } else {
        record.failed(
            "KD",
            "IllegalStateException: loss is NaN",
            List.of(new GridPoint(3e-4, null, true, "IllegalStateException: loss is NaN")));
      }
      record.measured("DEEPER", seed(s, 86.2 + s / 10.0, 87.5, 1e-3));
      record.measured("WARMED", seed(s, 85.0, 84.0, 1e-3));
      record.measured("THIN", seed(s, 87.0 + s / 5.0, 86.0, 3e-4));
      recorder.finishSeed();
    }
    recorder.setTotalWallSeconds(125);
    return recorder.result();
  }

  /** The same with an imitation record, which only a real IMITATE stage writes otherwise. */
  static StudyResult withImitation() {
    StudyResult r = result();
    Imitation imitation =
        new Imitation(
            1L,
            3.2e-6,
            List.of(0.5, 0.1),
            List.of(
                new Phase(0, "all layers", 5.4, 1.7, 1, 1), new Phase(1, "head", 0.9, 0.2, 0, 0)));
    return with(r, r.units(), List.of(imitation));
  }

  /** {@code r} with other units and imitation records, everything else the same. */
  static StudyResult with(StudyResult r, StudyResult.Units units, List<Imitation> imitation) {
    return new StudyResult(
        units,
        r.name(),
        r.date(),
        r.seedsPlanned(),
        r.seedsDone(),
        r.totalWallSeconds(),
        r.machine(),
        r.spec(),
        r.thinBudget(),
        r.target(),
        r.arms(),
        imitation,
        r.selection(),
        r.teacher(),
        r.warnings());
  }

  /** The service's built-in mini dataset, copied out of its resources into {@code dir}. */
  static Path miniDataset(Path dir) {
    try {
      Path copy = Files.createDirectories(dir.resolve("fashion-mnist-mini"));
      for (String name : FashionMnist.FILES) {
        try (InputStream in =
            FashionMnist.class.getResourceAsStream("/datasets/fashion-mnist-mini/" + name)) {
          if (in == null) {
            throw new IllegalStateException("missing resource " + name);
          }
          Files.copy(in, copy.resolve(name));
        }
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The arm called {@code name} in a result file's JSON. */
  static JsonNode armNode(JsonNode result, String name) {
    for (JsonNode arm : result.get("arms")) {
      if (arm.get("arm").stringValue().equals(name)) {
        return arm;
      }
    }
    throw new AssertionError("no arm " + name);
  }
}
