package dev.taper.training.loop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.taper.dataset.LabeledData;

/**
 * One split uploaded to the device once: features (N, inputShape...) as float32 and labels (N) as
 * int64. Batches are gathered from it by index, so no example is copied through Java per step.
 */
public final class DeviceSplit implements AutoCloseable {

  private final NDManager manager;
  private final NDArray features;
  private final NDArray labels;
  private final int size;

  private DeviceSplit(NDManager manager, NDArray features, NDArray labels, int size) {
    this.manager = manager;
    this.features = features;
    this.labels = labels;
    this.size = size;
  }

  public static DeviceSplit upload(LabeledData data, long[] inputShape, Device device) {
    NDManager manager = NDManager.newBaseManager(device);
    long[] shape = new long[inputShape.length + 1];
    shape[0] = data.size();
    System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
    long[] labels = new long[data.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = data.labels()[i];
    }
    try {
      NDArray x = manager.create(data.features(), new Shape(shape));
      NDArray y = manager.create(labels);
      return new DeviceSplit(manager, x, y, data.size());
    } catch (RuntimeException | Error e) {
      manager.close();
      throw e;
    }
  }

  public int size() {
    return size;
  }

  /** The examples at {@code positions}, attached to {@code scope}. */
  public NDArray features(NDArray positions, NDManager scope) {
    NDArray batch = features.get(positions);
    batch.attach(scope);
    return batch;
  }

  public NDArray labels(NDArray positions, NDManager scope) {
    NDArray batch = labels.get(positions);
    batch.attach(scope);
    return batch;
  }

  /** A contiguous range of examples (a view, no copy), attached to {@code scope}. */
  public NDArray featureRange(int from, int to, NDManager scope) {
    NDArray batch = features.get(from + ":" + to);
    batch.attach(scope);
    return batch;
  }

  public NDArray labelRange(int from, int to, NDManager scope) {
    NDArray batch = labels.get(from + ":" + to);
    batch.attach(scope);
    return batch;
  }

  @Override
  public void close() {
    manager.close();
  }
}
