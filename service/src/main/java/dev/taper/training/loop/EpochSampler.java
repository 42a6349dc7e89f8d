package dev.taper.training.loop;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The order in which a stage visits training examples: a fresh permutation per epoch derived only
 * from (seed, epoch), so a stage resumed at any step sees exactly the batches an uninterrupted run
 * would have seen. The last partial batch of an epoch is dropped.
 */
public final class EpochSampler {

  private final int size;
  private final int batchSize;
  private final long seed;
  private int cachedEpoch = -1;
  private int[] cachedOrder;

  public EpochSampler(int size, int batchSize, long seed) {
    if (size < batchSize) {
      throw new IllegalArgumentException(
          "batch size " + batchSize + " is larger than the " + size + " training examples");
    }
    this.size = size;
    this.batchSize = batchSize;
    this.seed = seed;
  }

  public int stepsPerEpoch() {
    return size / batchSize;
  }

  public int epochOf(long step) {
    return (int) (step / stepsPerEpoch());
  }

  public int batchSize() {
    return batchSize;
  }

  /** Example positions of the batch taken at global step {@code step}. */
  public long[] batch(long step) {
    int epoch = epochOf(step);
    if (epoch != cachedEpoch) {
      cachedOrder = permutation(epoch);
      cachedEpoch = epoch;
    }
    int from = (int) (step % stepsPerEpoch()) * batchSize;
    long[] positions = new long[batchSize];
    for (int i = 0; i < batchSize; i++) {
      positions[i] = cachedOrder[from + i];
    }
    return positions;
  }

  private int[] permutation(int epoch) {
    int[] order = new int[size];
    Arrays.setAll(order, i -> i);
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
