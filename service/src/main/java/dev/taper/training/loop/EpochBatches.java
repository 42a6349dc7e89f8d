package dev.taper.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Batches of the training split in the sampler's order, served as views: each epoch the split is
 * gathered once into its permuted order, and a step's batch is then a contiguous slice of it. The
 * batches are exactly {@link EpochSampler#batch}'s.
 */
final class EpochBatches implements AutoCloseable {

  private final DeviceSplit split;
  private final EpochSampler sampler;
  private final NDManager owner;
  private NDManager epochScope;
  private int epoch = -1;
  private NDArray features;
  private NDArray labels;

  EpochBatches(DeviceSplit split, EpochSampler sampler, NDManager owner) {
    this.split = split;
    this.sampler = sampler;
    this.owner = owner;
  }

  /** Features and labels of the batch at global step {@code step}, as views attached to scope. */
  NDArray[] batch(long step, NDManager scope) {
    int stepEpoch = sampler.epochOf(step);
    if (stepEpoch != epoch) {
      close();
      epochScope = owner.newSubManager();
      NDArray order = epochScope.create(sampler.order(stepEpoch));
      features = split.features(order, epochScope);
      labels = split.labels(order, epochScope);
      epoch = stepEpoch;
    }
    long from = (step % sampler.stepsPerEpoch()) * sampler.batchSize();
    String range = from + ":" + (from + sampler.batchSize());
    NDArray x = features.get(range);
    NDArray y = labels.get(range);
    x.attach(scope);
    y.attach(scope);
    return new NDArray[] {x, y};
  }

  @Override
  public void close() {
    if (epochScope != null) {
      epochScope.close();
      epochScope = null;
    }
  }
}
