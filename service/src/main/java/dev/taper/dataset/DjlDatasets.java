package dev.taper.dataset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;

/** Adapts {@link LabeledData} to DJL's own dataset types, for comparisons with DJL's loops. */
public final class DjlDatasets {

  private DjlDatasets() {}

  /**
   * An {@link ArrayDataset} whose features are {@code (N, featureSize)} float32 (flattened, as an
   * MLP takes them) and whose labels are {@code (N)} float32 class indices: the layout of DJL's
   * stock MNIST dataset, which {@code SoftmaxCrossEntropyLoss} (sparse labels, the default) and
   * {@code Accuracy} accept. The arrays belong to {@code manager}; closing it frees them.
   */
  public static ArrayDataset toArrayDataset(
      LabeledData data, NDManager manager, int batchSize, boolean shuffle) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    int n = data.size();
    int[] labels = data.labels();
    float[] labelValues = new float[n];
    for (int i = 0; i < n; i++) {
      labelValues[i] = labels[i];
    }
    NDArray x = manager.create(data.features(), new Shape(n, data.featureSize()));
    NDArray y = manager.create(labelValues, new Shape(n));
    return new ArrayDataset.Builder()
        .setData(x)
        .optLabels(y)
        .setSampling(batchSize, shuffle)
        .build();
  }
}
