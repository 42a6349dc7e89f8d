package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.taper.dataset.LabeledData;
import dev.taper.dataset.RawDataset;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecDefaults;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inference receipt end to end on a tiny kept study: every kept arm exported at every
 * precision, checked against DJL, timed round after round, and written with its receipt.
 */
class InferenceRunTest {

  static final String SPEC =
      """
      {"name": "tiny", "dataset": "synthetic", "seed": 3,
       "model": {"family": "mlp", "depth": 2, "width": 8}, "widenFactor": 4}
      """;

  @TempDir Path dir;

  @Test
  void keptArmsAreExportedAtEveryPrecisionTimedAndReceipted() throws Exception {
    Path specFile = dir.resolve("tiny.json");
    Files.writeString(specFile, SPEC);
    ExperimentSpec spec = SpecDefaults.resolve(StudySpecFile.read(specFile).spec());
    StudyModels kept = StudyModels.at(dir.resolve("models").resolve("tiny"));
    kept.begin(specFile, "tiny", 3);
    RawDataset raw = synthetic();
    long[] shape = raw.train().exampleShape();
    Map<String, Integer> widths = Map.of("THIN", 8, "WIDE", 32, "DEEPER", 8);
    for (String arm : StudyModels.ARMS) {
      String model =
          "{\"family\": \"mlp\", \"depth\": "
              + (arm.equals("DEEPER") ? 4 : 2)
              + ", \"width\": "
              + widths.get(arm)
              + "}";
      Path armFile = dir.resolve(arm + ".json");
      Files.writeString(
          armFile, SPEC.replace("{\"family\": \"mlp\", \"depth\": 2, \"width\": 8}", model));
      ExperimentSpec armSpec = SpecDefaults.resolve(StudySpecFile.read(armFile).spec());
      Architecture architecture =
          ModelFamilies.architecture(armSpec.model(), shape, raw.train().classes());
      try (Network network = ModelFamilies.build(architecture, 11, Device.cpu())) {
        kept.save(arm, network);
      }
    }
    assertThat(spec.seed()).isEqualTo(3);

    InferenceOptions options =
        InferenceOptions.parse(
            new String[] {
              "--models", dir.resolve("models").toString(),
              "--results", dir.resolve("results").toString(),
              "--out", dir.resolve("out").resolve("inference").toString(),
              "--rounds", "2",
              "--runs", "20",
              "--warm-up", "2",
              "--batch", "16"
            });
    InferenceResult result = InferenceCommand.run(options, raw);

    assertThat(result.models()).hasSize(StudyModels.ARMS.size() * 3);
    assertThat(result.models())
        .allSatisfy(
            m -> {
              assertThat(m.p50MillisByRound())
                  .hasSize(2)
                  .allSatisfy(p -> assertThat(p).isPositive());
              assertThat(m.testExamples()).isEqualTo(raw.test().size());
              assertThat(m.studyAccuracy()).as("no study result file to compare with").isNull();
            });
    assertThat(result.models())
        .filteredOn(m -> m.precision().equals("fp32"))
        .allSatisfy(
            m -> {
              assertThat(m.agreement()).isEqualTo(100.0);
              assertThat(m.maxLogitDifference()).isLessThan(1e-4);
              assertThat(m.accuracy()).isEqualTo(m.djlAccuracy());
            });
    InferenceResult.Model wide =
        result.models().stream()
            .filter(m -> m.arm().equals("WIDE") && m.precision().equals("fp32"))
            .findFirst()
            .orElseThrow();
    InferenceResult.Model thinInt8 =
        result.models().stream()
            .filter(m -> m.arm().equals("THIN") && m.precision().equals("int8"))
            .findFirst()
            .orElseThrow();
    assertThat(thinInt8.parameterBytes()).isLessThan(wide.parameterBytes());
    assertThat(result.receipts())
        .singleElement()
        .satisfies(
            receipt -> {
              assertThat(receipt.study()).isEqualTo("tiny");
              assertThat(receipt.speedupByRound()).hasSize(2);
              assertThat(receipt.speedup()).isEqualTo(Stats.median(receipt.speedupByRound()));
              assertThat(receipt.thinInt8Accuracy()).isEqualTo(thinInt8.accuracy());
            });
    Path out = dir.resolve("out");
    assertThat(out.resolve("inference.json")).exists();
    assertThat(Files.readString(out.resolve("inference.md")))
        .contains("tiny", "THIN", "WIDE", "DEEPER", "int8", "fp16");
  }

  /** Four byte-valued features, two classes decided by the first. */
  static RawDataset synthetic() {
    return new RawDataset(
        "synthetic", "none", split(300, 1), split(120, 2), RawDataset.StoredValues.UNSIGNED_BYTES);
  }

  private static LabeledData split(int n, int salt) {
    float[] features = new float[n * 4];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < 4; f++) {
        features[i * 4 + f] = ((i * 37 + f * 11 + salt * 5) % 256) / 255f;
      }
      labels[i] = features[i * 4] > 0.5f ? 1 : 0;
    }
    return new LabeledData(features, labels, new long[] {4}, 2);
  }
}
