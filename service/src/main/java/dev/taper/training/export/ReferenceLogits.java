package dev.taper.training.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.taper.dataset.LabeledData;
import dev.taper.training.family.Network;
import java.util.Arrays;

/** The logits DJL computes for a standardised split in inference mode: what exports must match. */
public final class ReferenceLogits {

  private static final int BATCH = 500;

  private ReferenceLogits() {}

  public static float[][] of(Network network, LabeledData standardised) {
    int classes = network.architecture().classes();
    int features = standardised.featureSize();
    long[] inputShape = network.architecture().inputShape();
    float[][] logits = new float[standardised.size()][];
    ParameterStore store = new ParameterStore(network.manager(), false);
    for (int from = 0; from < standardised.size(); from += BATCH) {
      int to = Math.min(standardised.size(), from + BATCH);
      try (NDManager scope = network.manager().newSubManager()) {
        float[] values =
            Arrays.copyOfRange(standardised.features(), from * features, to * features);
        NDArray x = scope.create(values, new Shape(batchShape(to - from, inputShape)));
        float[] flat = network.logits(store, x, false).toFloatArray();
        for (int i = from; i < to; i++) {
          logits[i] = Arrays.copyOfRange(flat, (i - from) * classes, (i - from + 1) * classes);
        }
      }
    }
    return logits;
  }

  private static long[] batchShape(int count, long[] example) {
    long[] shape = new long[example.length + 1];
    shape[0] = count;
    System.arraycopy(example, 0, shape, 1, example.length);
    return shape;
  }
}
