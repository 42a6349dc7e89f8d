package dev.taper.dataset;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Turns a {@link RawDataset} into the {@link DatasetSplits} a training stage uses, the same way
 * every time for the same inputs and seed:
 *
 * <ol>
 *   <li>shuffle the training examples (Fisher-Yates driven by {@code new SplittableRandom(seed)});
 *   <li>keep the first {@code trainLimit} of them, when a limit is given;
 *   <li>hold out the last {@code round(validationFraction * n)} of those as the validation split;
 *   <li>keep the first {@code testLimit} test examples, in file order (test is never shuffled);
 *   <li>standardise all three splits as {@code (x - mean) / std} with one scalar mean and standard
 *       deviation computed over every value of the training split only (std at least 1e-6).
 * </ol>
 *
 * The raw dataset is not modified: the splits are copies.
 */
public final class DatasetPreparer {

  static final double MIN_STD = 1e-6;

  /** Exclusive, as the API's bound on {@code limits.validationFraction}: most examples train. */
  static final double VALIDATION_FRACTION_BOUND = 0.5;

  private DatasetPreparer() {}

  /**
   * @param validationFraction in [0, 0.5); 0 gives an empty validation split
   * @param trainLimit at most this many training examples (train + validation), or null for all
   * @param testLimit at most this many test examples, or null for all
   */
  public static DatasetSplits prepare(
      RawDataset raw, long seed, double validationFraction, Integer trainLimit, Integer testLimit) {
    Selection selection = select(raw, seed, validationFraction, trainLimit);
    LabeledData train = raw.train().select(selection.train());
    LabeledData validation = raw.train().select(selection.validation());
    LabeledData test = raw.test().head(limit(raw.test().size(), testLimit, "testLimit"));

    Standardisation standardisation = Standardisation.of(train.features());
    for (LabeledData split : new LabeledData[] {train, validation, test}) {
      standardise(split.features(), (float) standardisation.mean(), standardisation.inverseStd());
    }
    return new DatasetSplits(raw.name(), raw.sha256(), train, validation, test);
  }

  /**
   * The statistics {@link #prepare} standardises with for the same arguments (the splits it returns
   * are already standardised, so they cannot be recomputed from them): what a model exported with
   * its input standardisation inside needs.
   */
  public static Standardisation standardisation(
      RawDataset raw, long seed, double validationFraction, Integer trainLimit) {
    Selection selection = select(raw, seed, validationFraction, trainLimit);
    return Standardisation.of(raw.train(), selection.train());
  }

  /**
   * One scalar mean and standard deviation over every value of a training split; {@code x} is
   * standardised as {@code (x - (float) mean) * inverseStd()} in float arithmetic.
   */
  public record Standardisation(double mean, double std) {

    static Standardisation of(float[] x) {
      return over(x, new int[] {0}, x.length);
    }

    /**
     * The statistics of the examples at {@code rows}, bit for bit those of {@code
     * of(data.select(rows).features())} (the same values summed in the same order), without copying
     * the split: a worker computes them beside training, whose split it already holds.
     */
    static Standardisation of(LabeledData data, int[] rows) {
      int f = data.featureSize();
      int[] starts = new int[rows.length];
      for (int r = 0; r < rows.length; r++) {
        starts[r] = rows[r] * f;
      }
      return over(data.features(), starts, f);
    }

    // two passes (mean first) rather than sum of squares: no cancellation when |mean| >> std
    private static Standardisation over(float[] x, int[] starts, int width) {
      long values = (long) starts.length * width;
      double sum = 0;
      for (int start : starts) {
        for (int i = start; i < start + width; i++) {
          sum += x[i];
        }
      }
      double mean = values == 0 ? 0 : sum / values;
      double squares = 0;
      for (int start : starts) {
        for (int i = start; i < start + width; i++) {
          double d = x[i] - mean;
          squares += d * d;
        }
      }
      double variance = values == 0 ? 0 : squares / values;
      return new Standardisation(mean, Math.max(MIN_STD, Math.sqrt(variance)));
    }

    public float inverseStd() {
      return (float) (1 / std);
    }
  }

  /** Positions in the raw training examples of the training and the validation split. */
  private record Selection(int[] train, int[] validation) {}

  private static Selection select(
      RawDataset raw, long seed, double validationFraction, Integer trainLimit) {
    if (!(validationFraction >= 0 && validationFraction < VALIDATION_FRACTION_BOUND)) {
      throw new IllegalArgumentException(
          "validationFraction must be in [0, 0.5), got " + validationFraction);
    }
    SplitSizes sizes = SplitSizes.of(raw.train().size(), validationFraction, trainLimit);
    if (sizes.train() < 1) {
      throw new IllegalArgumentException(
          "no training examples left: "
              + sizes.total()
              + " examples, "
              + sizes.validation()
              + " for validation");
    }
    int[] order = shuffledPositions(raw.train().size(), seed);
    return new Selection(
        Arrays.copyOfRange(order, 0, sizes.train()),
        Arrays.copyOfRange(order, sizes.train(), sizes.total()));
  }

  /**
   * How many of a dataset's training examples {@link #prepare} trains on and holds out, known
   * before any file is read: what a submitted spec's batch sizes are checked against.
   *
   * @param train examples the stages train on; below 1 when the hold-out takes them all
   */
  public record SplitSizes(int train, int validation) {

    /**
     * @param available the dataset's training examples
     * @param trainLimit at most this many of them (train + validation), or null for all
     */
    public static SplitSizes of(int available, double validationFraction, Integer trainLimit) {
      int n = limit(available, trainLimit, "trainLimit");
      int validation = (int) Math.round(validationFraction * n);
      return new SplitSizes(n - validation, validation);
    }

    public int total() {
      return train + validation;
    }
  }

  /** A permutation of 0..size-1, by Fisher-Yates from the seed. */
  static int[] shuffledPositions(int size, long seed) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  private static int limit(int available, Integer limit, String name) {
    if (limit == null) {
      return available;
    }
    if (limit < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + limit);
    }
    return Math.min(available, limit);
  }

  private static void standardise(float[] x, float mean, float inverseStd) {
    for (int i = 0; i < x.length; i++) {
      x[i] = (x[i] - mean) * inverseStd;
    }
  }
}
