package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.taper.spec.ExperimentSpec;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.family.mlp.MlpArchitecture;
import dev.taper.training.family.transformer.Pooling;
import dev.taper.training.family.transformer.TokenLayout;
import dev.taper.training.family.transformer.TransformerArchitecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FinetuneProbeTest {

  @TempDir Path dir;

  /**
   * Relative tolerance for "the same function": rescaling moves factors of up to 1e3 between
   * float32 layers, which changes the logits' rounding by about 1e-4 of their size; a wrong
   * rescaling changes them by their own size.
   */
  private static final float SAME_FUNCTION = 1e-3f;

  @Test
  void largestSingularValueIsThatOfTheMatrix() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray diagonal = manager.create(new float[] {3, 0, 0, 1}, new Shape(2, 2));
      assertThat(FinetuneProbe.largestSingularValue(diagonal)).isCloseTo(3, within(1e-6));
      // rank one: u v^T with |u| = 5 and |v| = sqrt(2), so its only singular value is 5 sqrt(2)
      NDArray rankOne = manager.create(new float[] {3, 3, 0, 4, 4, 0}, new Shape(2, 3));
      assertThat(FinetuneProbe.largestSingularValue(rankOne))
          .isCloseTo(5 * Math.sqrt(2), within(1e-5));
      NDArray zero = manager.zeros(new Shape(3, 2));
      assertThat(FinetuneProbe.largestSingularValue(zero)).isZero();
    }
  }

  @Test
  void balancingUnitsKeepsTheLogitsAndGivesEveryVaryingUnitADeviationOfOne() {
    MlpArchitecture mlp = new MlpArchitecture(20, 4, 8, 5);
    try (Network network = ModelFamilies.build(mlp, 3, Device.cpu());
        NDManager scope = NDManager.newBaseManager(Device.cpu())) {
      // units of very different scales, as imitation leaves them
      for (int i = 0; i < mlp.depth(); i++) {
        NDArray weight = network.firstAffine(i).getParameters().get("weight").getArray();
        weight.muli(scope.create(new float[] {1e-3f, 1, 30, 1, 1, 1, 1, 0.1f}).reshape(8, 1));
      }
      NDArray x = gaussian(scope, 512, 20);
      ParameterStore store = new ParameterStore(scope, false);
      float[] before = network.logits(store, x, false).toFloatArray();

      FinetuneProbe.balanceUnits(network, x);

      float[] after = network.logits(store, x, false).toFloatArray();
      for (int k = 0; k < before.length; k++) {
        assertThat(after[k])
            .isCloseTo(before[k], within(SAME_FUNCTION * (1 + Math.abs(before[k]))));
      }
      NDArray h = x;
      for (int i = 0; i < mlp.depth(); i++) {
        h = network.forwardLayer(store, i, h, false);
        float[] deviations =
            h.sub(h.mean(new int[] {0}, true)).square().mean(new int[] {0}).sqrt().toFloatArray();
        for (float deviation : deviations) {
          if (deviation > 1e-6) {
            assertThat(deviation).as("layer %d", i).isCloseTo(1f, within(1e-3f));
          }
        }
      }
    }
  }

  @Test
  void equalisingLayersKeepsTheLogitsAndGivesEveryWeightMatrixTheSameNorm() {
    MlpArchitecture mlp = new MlpArchitecture(20, 4, 8, 5);
    try (Network network = ModelFamilies.build(mlp, 3, Device.cpu());
        NDManager scope = NDManager.newBaseManager(Device.cpu())) {
      // a small first layer and a huge read-out, as imitation leaves them; biases that matter
      network.firstAffine(0).getParameters().get("weight").getArray().muli(0.05f);
      network.readout().getParameters().get("weight").getArray().muli(40f);
      for (int i = 0; i < mlp.depth(); i++) {
        network.firstAffine(i).getParameters().get("bias").getArray().addi(0.1f);
      }
      NDArray x = gaussian(scope, 64, 20);
      ParameterStore store = new ParameterStore(scope, false);
      float[] before = network.logits(store, x, false).toFloatArray();

      FinetuneProbe.equaliseLayers(network);

      float[] after = network.logits(store, x, false).toFloatArray();
      for (int k = 0; k < before.length; k++) {
        assertThat(after[k])
            .isCloseTo(before[k], within(SAME_FUNCTION * (1 + Math.abs(before[k]))));
      }
      float first =
          network.firstAffine(0).getParameters().get("weight").getArray().norm().getFloat();
      for (int i = 1; i < mlp.depth(); i++) {
        assertThat(
                network.firstAffine(i).getParameters().get("weight").getArray().norm().getFloat())
            .isCloseTo(first, within(1e-4f * first));
      }
      assertThat(network.readout().getParameters().get("weight").getArray().norm().getFloat())
          .isCloseTo(first, within(1e-4f * first));
    }
  }

  @Test
  void aJournalWrittenBeforeASpecFieldExistedGetsItsDefault() {
    JsonNode identity =
        JsonMapper.builder()
            .build()
            .readTree(
                """
                {"spec": {"name": "old", "dataset": "fashion-mnist",
                          "imitate": {"stepsPerLayer": 10, "loss": "normalized_mse"}}}
                """);
    ExperimentSpec spec = FinetuneProbe.journaledSpec(identity);
    assertThat(spec.imitate().stepsPerLayer()).isEqualTo(10);
    assertThat(spec.imitate().varianceWeight()).isZero();
    assertThat(spec.imitate().decorrelationWeight()).isZero();
  }

  @Test
  void balancingUnitsRefusesAFamilyWhoseUnitsDoNotFeedOneAffineMap() {
    TransformerArchitecture transformer =
        new TransformerArchitecture(
            new long[] {1, 28, 28}, TokenLayout.PATCHES, 7, 1, 16, 2, 8, 32, Pooling.MEAN, 10);
    try (Network network = ModelFamilies.build(transformer, 3, Device.cpu());
        NDManager scope = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = scope.randomNormal(new Shape(8, 1, 28, 28));
      assertThatThrownBy(() -> FinetuneProbe.balanceUnits(network, x))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("MLP units only");
    }
  }

  @Test
  void refittingTheReadOutWithATinyRidgeKeepsItsLogitsAndALargeOneShrinksIt() {
    MlpArchitecture mlp = new MlpArchitecture(20, 3, 8, 5);
    try (Network network = ModelFamilies.build(mlp, 5, Device.cpu());
        NDManager scope = NDManager.newBaseManager(Device.cpu())) {
      scope.getEngine().setRandomSeed(5);
      NDArray x = scope.randomNormal(new Shape(512, 20));
      ParameterStore store = new ParameterStore(scope, false);
      float[] before = network.logits(store, x, false).toFloatArray();

      FinetuneProbe.refitReadout(network, x, 1e-9);

      float[] after = network.logits(store, x, false).toFloatArray();
      for (int k = 0; k < before.length; k++) {
        assertThat(after[k]).isCloseTo(before[k], within(1e-3f));
      }
      NDArray readout = network.readout().getParameters().get("weight").getArray();
      double tight = FinetuneProbe.largestSingularValue(readout);
      FinetuneProbe.refitReadout(network, x, 10);
      assertThat(FinetuneProbe.largestSingularValue(readout)).isLessThan(tight / 2);
    }
  }

  @Test
  void theBestEpochIsTheOneWhoseValidationWasKeptOrZeroForTheStartingNetwork() {
    List<Double> byEpoch = List.of(81.5, 83.25, 82.0, 83.25);
    assertThat(FinetuneProbe.bestEpoch(byEpoch, 83.25, 80.0)).isEqualTo(2);
    // an epoch only as good as the start does not replace it
    assertThat(FinetuneProbe.bestEpoch(byEpoch, 83.25, 83.25)).isZero();
    assertThat(FinetuneProbe.bestEpoch(byEpoch, 84.0, 84.0)).isZero();
  }

  @Test
  void thePageListsEveryRunWithItsCurveAndSaysWhichFailed() {
    FinetuneProbe.Result result =
        new FinetuneProbe.Result(
            "2026-12-05T03:00:00Z",
            StudyFixtures.machine(),
            "deep.journal",
            1,
            "deep",
            83.45,
            82.59,
            0.8035,
            "each run keeps its best validation epoch",
            List.of(1.0, 533.5),
            true,
            false,
            null,
            List.of(1.0, 1.0e6),
            "SCRATCH_lr_3e-3",
            List.of(4.8, 4.8),
            List.of(
                new FinetuneProbe.Run(
                    "adam", 1e-5, List.of(83.65, 83.85), 2, 83.85, 82.74, 0.5834, 14, null),
                new FinetuneProbe.Run(
                    "sgd",
                    1e-3,
                    List.of(),
                    -1,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    3,
                    "FINETUNE: the train loss became NaN by step 142")));

    String page = FinetuneProbe.markdown(result);

    assertThat(page)
        .contains("# Fine-tuning probe: deep, seed 1")
        .contains("WARMED: validation 83.45%, test 82.59%")
        .contains(". Each run keeps its best validation epoch")
        .doesNotContain("Each run each run")
        .contains("| adam | 1e-05 | 2 | 83.85 | 82.74 | 0.5834 | 83.65, 83.85 |")
        .contains("| sgd | 1e-03 | failed: FINETUNE: the train loss became NaN by step 142 |")
        .contains("533.50")
        .contains("- WARMED as changed below, where fine-tuning starts: 1.00, 1000000.00")
        .contains("SCRATCH_lr_3e-3")
        .contains("every hidden unit was rescaled to a standard deviation of 1");
  }

  @Test
  void aCommittedResultsPageIsWrittenAgainFromItsJson() throws Exception {
    Path committed = Path.of("results", "finetune-probe-fmnist-mlp-deep24-full-seed1.json");
    Path copy = Files.copy(committed, dir.resolve(committed.getFileName()));

    FinetuneProbe.render(copy);

    String page = Files.readString(dir.resolve("finetune-probe-fmnist-mlp-deep24-full-seed1.md"));
    assertThat(page)
        .startsWith("# Fine-tuning probe: fmnist-mlp-deep24-full, seed 1")
        .contains("WARMED: validation 83.45%, test 82.59%")
        .contains(". Each run keeps its best validation epoch")
        .doesNotContain("Each run each run");
  }

  /** Standard normal examples from a fixed seed, the same whichever test ran before. */
  private static NDArray gaussian(NDManager manager, int rows, int columns) {
    Random random = new Random(7);
    float[] values = new float[rows * columns];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return manager.create(values, new Shape(rows, columns));
  }
}
