package dev.taper.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetPreparerTest {

  private static final RawDataset SUBSET = TestDatasets.fashionMnistSubset();

  @Test
  void sameSeedGivesIdenticalArrays() {
    DatasetSplits a = DatasetPreparer.prepare(SUBSET, 42, 0.1, null, null);
    DatasetSplits b = DatasetPreparer.prepare(SUBSET, 42, 0.1, null, null);

    assertThat(a.train().features()).isEqualTo(b.train().features());
    assertThat(a.train().labels()).isEqualTo(b.train().labels());
    assertThat(a.validation().features()).isEqualTo(b.validation().features());
    assertThat(a.validation().labels()).isEqualTo(b.validation().labels());
    assertThat(a.test().features()).isEqualTo(b.test().features());
  }

  @Test
  void differentSeedGivesDifferentOrderOfTheSameExamples() {
    DatasetSplits a = DatasetPreparer.prepare(SUBSET, 1, 0, null, null);
    DatasetSplits b = DatasetPreparer.prepare(SUBSET, 2, 0, null, null);

    assertThat(a.train().labels()).isNotEqualTo(b.train().labels());
    assertThat(sorted(a.train().labels())).isEqualTo(sorted(b.train().labels()));
    assertThat(a.train().features()).isNotEqualTo(b.train().features());
    // test is never shuffled
    assertThat(a.test().labels()).isEqualTo(SUBSET.test().labels());
  }

  @Test
  void shuffleIsAPermutationFromTheSeed() {
    int[] order = DatasetPreparer.shuffledPositions(2000, 7);

    assertThat(sorted(order)).isEqualTo(identity(2000));
    assertThat(order).isNotEqualTo(identity(2000));
    assertThat(DatasetPreparer.shuffledPositions(2000, 7)).isEqualTo(order);
    // examples end up where the permutation says
    DatasetSplits splits = DatasetPreparer.prepare(SUBSET, 7, 0, null, null);
    for (int i = 0; i < 50; i++) {
      assertThat(splits.train().labels()[i]).isEqualTo(SUBSET.train().labels()[order[i]]);
    }
  }

  @Test
  void splitSizes() {
    DatasetSplits all = DatasetPreparer.prepare(SUBSET, 3, 0.1, null, null);
    assertThat(all.train().size()).isEqualTo(1800);
    assertThat(all.validation().size()).isEqualTo(200);
    assertThat(all.test().size()).isEqualTo(500);

    DatasetSplits limited = DatasetPreparer.prepare(SUBSET, 3, 0.25, 1001, 100);
    assertThat(limited.validation().size()).isEqualTo(250); // round(250.25)
    assertThat(limited.train().size()).isEqualTo(751);
    assertThat(limited.test().size()).isEqualTo(100);
    assertThat(limited.test().labels()).isEqualTo(Arrays.copyOf(SUBSET.test().labels(), 100));

    DatasetSplits none = DatasetPreparer.prepare(SUBSET, 3, 0, 10_000, 10_000);
    assertThat(none.train().size()).isEqualTo(2000);
    assertThat(none.validation().size()).isZero();
    assertThat(none.validation().exampleShape()).containsExactly(1, 28, 28);
    assertThat(none.test().size()).isEqualTo(500);

    assertThat(all.name()).isEqualTo("fashion-mnist");
    assertThat(all.sha256()).isEqualTo(SUBSET.sha256());
    assertThat(all.classes()).isEqualTo(10);
  }

  @Test
  void trainLimitTakesTheHeadOfTheShuffle() {
    DatasetSplits full = DatasetPreparer.prepare(SUBSET, 5, 0, null, null);
    DatasetSplits limited = DatasetPreparer.prepare(SUBSET, 5, 0, 300, null);

    assertThat(limited.train().labels()).isEqualTo(Arrays.copyOf(full.train().labels(), 300));
  }

  @Test
  void trainIsStandardisedAndOtherSplitsUseItsStatistics() {
    DatasetSplits splits = DatasetPreparer.prepare(SUBSET, 11, 0.1, null, null);

    double[] train = meanAndStd(splits.train().features());
    assertThat(train[0]).isCloseTo(0, within(1e-4));
    assertThat(train[1]).isCloseTo(1, within(1e-4));

    // recompute the statistics from the raw training examples that went into train
    int[] order = DatasetPreparer.shuffledPositions(2000, 11);
    LabeledData rawTrain = SUBSET.train().select(Arrays.copyOf(order, 1800));
    double[] raw = meanAndStd(rawTrain.features());
    float rawTestPixel = SUBSET.test().features()[300];
    assertThat(splits.test().features()[300])
        .isCloseTo((float) ((rawTestPixel - raw[0]) / raw[1]), within(1e-4f));
    // what an export and a published model record: the same numbers, to the last bit
    DatasetPreparer.Standardisation stated = DatasetPreparer.standardisation(SUBSET, 11, 0.1, null);
    DatasetPreparer.Standardisation copied =
        DatasetPreparer.Standardisation.of(rawTrain.features());
    assertThat(stated).isEqualTo(copied);
    assertThat(DatasetPreparer.standardisation(SUBSET, 11, 0.25, 999))
        .isEqualTo(
            DatasetPreparer.Standardisation.of(
                SUBSET.train().select(Arrays.copyOf(order, 749)).features()));
    // validation and test are near, not exactly, 0 / 1
    assertThat(meanAndStd(splits.validation().features())[0]).isCloseTo(0, within(0.1));
    assertThat(meanAndStd(splits.test().features())[1]).isCloseTo(1, within(0.1));
  }

  @Test
  void rawDatasetIsNotModified() {
    float[] before = SUBSET.train().features().clone();
    float[] testBefore = SUBSET.test().features().clone();

    DatasetPreparer.prepare(SUBSET, 13, 0.2, null, null);

    assertThat(SUBSET.train().features()).isEqualTo(before);
    assertThat(SUBSET.test().features()).isEqualTo(testBefore);
  }

  @Test
  void noExampleInBothTrainAndValidation() {
    // the subset has no duplicate images, so an image's bytes identify its example
    DatasetSplits splits = DatasetPreparer.prepare(SUBSET, 17, 0.4, null, null);
    Set<String> train = rows(splits.train());
    Set<String> validation = rows(splits.validation());

    assertThat(train).hasSize(1200);
    assertThat(validation).hasSize(800);
    assertThat(train).doesNotContainAnyElementsOf(validation);
  }

  @Test
  void constantFeaturesDoNotDivideByZero() {
    LabeledData constant =
        new LabeledData(new float[] {3, 3, 3, 3}, new int[] {0, 1}, new long[] {2}, 2);
    RawDataset raw =
        new RawDataset("c", "0", constant, constant, RawDataset.StoredValues.AS_STORED);

    DatasetSplits splits = DatasetPreparer.prepare(raw, 1, 0, null, null);

    assertThat(splits.train().features()).containsOnly(0f);
    assertThat(splits.test().features()).containsOnly(0f);
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> DatasetPreparer.prepare(SUBSET, 1, 0.5, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("validationFraction must be in [0, 0.5)");
    assertThatThrownBy(() -> DatasetPreparer.prepare(SUBSET, 1, Double.NaN, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DatasetPreparer.prepare(SUBSET, 1, 0.1, 0, null))
        .hasMessageContaining("trainLimit");
    assertThatThrownBy(() -> DatasetPreparer.prepare(SUBSET, 1, 0.1, null, -1))
        .hasMessageContaining("testLimit");
    RawDataset noTraining =
        new RawDataset("empty", "0", SUBSET.train().head(0), SUBSET.test(), SUBSET.stored());
    assertThatThrownBy(() -> DatasetPreparer.prepare(noTraining, 1, 0.1, null, null))
        .hasMessageContaining("no training examples left");
  }

  @Test
  void fixtureSplitsAreReadyForTests() {
    DatasetSplits splits = TestDatasets.fixtureSplits(99);

    assertThat(splits.train().size()).isEqualTo(1800);
    assertThat(splits.validation().size()).isEqualTo(200);
    assertThat(splits.test().size()).isEqualTo(500);
    assertThat(splits.exampleShape()).containsExactly(1, 28, 28);
    assertThat(TestDatasets.fixtureSplits(99).train().labels()).isEqualTo(splits.train().labels());
  }

  private static double[] meanAndStd(float[] x) {
    double sum = 0;
    for (float v : x) {
      sum += v;
    }
    double mean = sum / x.length;
    double sq = 0;
    for (float v : x) {
      sq += (v - mean) * (v - mean);
    }
    return new double[] {mean, Math.sqrt(sq / x.length)};
  }

  private static Set<String> rows(LabeledData data) {
    Set<String> rows = new HashSet<>();
    int f = data.featureSize();
    for (int i = 0; i < data.size(); i++) {
      rows.add(Arrays.toString(Arrays.copyOfRange(data.features(), i * f, (i + 1) * f)));
    }
    return rows;
  }

  private static int[] sorted(int[] values) {
    int[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }

  private static int[] identity(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    return out;
  }
}
