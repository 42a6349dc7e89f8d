package dev.taper.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Batches of the training split in the sampler's order: each step gathers its own batch (the rows
 * {@link EpochSampler#batch} names) from the split uploaded once. Gathering a whole epoch up front
 * instead writes a copy of the split into freshly allocated memory every epoch (188 MB for
 * Fashion-MNIST); first touching that much memory cost about 0.8 s of CPU per epoch on a 2-core
 * virtual machine, more than all of the thin MLP's steps of that epoch together, while a batch's
 * gather reuses the same few hundred kilobytes step after step.
 */
final class EpochBatches {

  private final DeviceSplit split;
  private final EpochSampler sampler;

  EpochBatches(DeviceSplit split, EpochSampler sampler) {
    this.split = split;
    this.sampler = sampler;
  }

  /** Features and labels of the batch at global step {@code step}, attached to scope. */
  NDArray[] batch(long step, NDManager scope) {
    NDArray positions = scope.create(sampler.batch(step));
    return new NDArray[] {split.features(positions, scope), split.labels(positions, scope)};
  }
}
