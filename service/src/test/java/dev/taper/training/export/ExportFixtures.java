package dev.taper.training.export;

import ai.djl.Device;
import dev.taper.dataset.DatasetPreparer;
import dev.taper.dataset.DatasetSplits;
import dev.taper.dataset.FashionMnist;
import dev.taper.dataset.LabeledData;
import dev.taper.dataset.RawDataset;
import dev.taper.dataset.TestDatasets;
import dev.taper.training.OptimizerConfig;
import dev.taper.training.StageContext;
import dev.taper.training.StageOutcome;
import dev.taper.training.Stages;
import dev.taper.training.TrainConfig;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.FamilyFixtures;
import dev.taper.training.family.Network;
import dev.taper.training.family.mlp.MlpArchitecture;
import dev.taper.training.family.resnet.ResNetArchitecture;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tiny trained models of every family on the committed Fashion-MNIST subset (trained once per JVM
 * and shared: tests only read them), the subset's raw test split and DJL's logits for it.
 */
final class ExportFixtures {

  static final long SEED = 7;
  static final double VALIDATION = TestDatasets.FIXTURE_VALIDATION_FRACTION;

  static final List<String> CLASS_NAMES = FashionMnist.CLASS_NAMES;

  static final MlpArchitecture MLP = new MlpArchitecture(784, 3, 32, 10);

  /** Stem at stride 2; a widening projection, an identity block, a stride-2 projection. */
  static final ResNetArchitecture RESNET =
      new ResNetArchitecture(
          1,
          28,
          28,
          16,
          2,
          List.of(new ResNetArchitecture.Stage(2, 32, 16), new ResNetArchitecture.Stage(1, 64, 16)),
          10);

  static final List<Architecture> FAMILIES = List.of(MLP, RESNET, FamilyFixtures.TRANSFORMER);

  /** About 250 Adam steps of 64 examples on 1,800: enough to move far from initialisation. */
  private static final TrainConfig TRAINING = new TrainConfig(9, 64, OptimizerConfig.ADAM_DEFAULT);

  private static final Map<Architecture, Trained> TRAINED = new ConcurrentHashMap<>();
  private static final Map<String, float[][]> REFERENCES = new ConcurrentHashMap<>();
  private static TestSplit largest;

  private ExportFixtures() {}

  /** A trained network with the logits DJL gives the test split; shared, do not close. */
  record Trained(Network network, float[][] referenceLogits, double djlAccuracy) {}

  static RawDataset raw() {
    return TestDatasets.fashionMnistSubset();
  }

  static DatasetSplits splits() {
    return TestDatasets.fixtureSplits(SEED);
  }

  static InputContract contract() {
    DatasetPreparer.Standardisation standardisation =
        DatasetPreparer.standardisation(raw(), SEED, VALIDATION, null);
    return InputContract.unsignedBytes(
        raw().test().exampleShape(), standardisation.mean(), standardisation.std());
  }

  /** The subset's test split as stored: uint8 (N, 1, 28, 28). */
  static RawExamples testExamples() {
    return RawExamples.of(raw().test(), contract());
  }

  /**
   * A test split both as stored (what an export reads) and standardised with the subset's training
   * statistics (what DJL reads).
   */
  record TestSplit(String name, RawExamples raw, LabeledData standardised) {}

  /**
   * Fashion-MNIST's full 10,000-example test split where the dataset is installed (accuracy
   * differences are then measured in steps of 0.01 points rather than 0.2), else the subset's.
   */
  static synchronized TestSplit largestTestSplit() {
    if (largest == null) {
      largest =
          TestDatasets.fullFashionMnist()
              .map(full -> split("full test split", full.test()))
              .orElseGet(() -> new TestSplit("subset test split", testExamples(), splits().test()));
    }
    return largest;
  }

  private static TestSplit split(String name, LabeledData read) {
    InputContract contract = contract();
    float[] x = read.features().clone();
    float mean = (float) contract.mean();
    float inverseStd = contract.inverseStd();
    for (int i = 0; i < x.length; i++) {
      x[i] = (x[i] - mean) * inverseStd;
    }
    return new TestSplit(
        name,
        RawExamples.of(read, contract),
        new LabeledData(x, read.labels(), read.exampleShape(), read.classes()));
  }

  /** DJL's logits for a test split, computed once per network and split. */
  static float[][] referenceLogits(Architecture architecture, TestSplit split) {
    return REFERENCES.computeIfAbsent(
        architecture + "@" + split.name(),
        key -> ReferenceLogits.of(trained(architecture).network(), split.standardised()));
  }

  static synchronized Trained trained(Architecture architecture) {
    return TRAINED.computeIfAbsent(architecture, ExportFixtures::train);
  }

  private static Trained train(Architecture architecture) {
    DatasetSplits splits = splits();
    StageOutcome outcome =
        Stages.scratch(architecture, TRAINING).run(StageContext.of(splits, SEED, Device.cpu()));
    Network network = outcome.network();
    if (!Double.isFinite(outcome.metrics().testLoss())) {
      network.close();
      throw new IllegalStateException(architecture + " trained to a non-finite loss");
    }
    return new Trained(
        network, ReferenceLogits.of(network, splits.test()), outcome.metrics().testAccuracy());
  }
}
