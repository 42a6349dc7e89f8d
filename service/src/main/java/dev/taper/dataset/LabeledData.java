package dev.taper.dataset;

import java.util.Arrays;

/**
 * Examples held in memory as one flat row-major float array (N x prod(exampleShape)) and their
 * class labels. Arrays are shared, not copied: treat instances as read-only.
 */
public record LabeledData(float[] features, int[] labels, long[] exampleShape, int classes) {

  public LabeledData {
    long perExample = Arrays.stream(exampleShape).reduce(1, (a, b) -> a * b);
    if (perExample * labels.length != features.length) {
      throw new IllegalArgumentException(
          "features hold "
              + features.length
              + " values, expected "
              + labels.length
              + " examples x "
              + perExample);
    }
  }

  public int size() {
    return labels.length;
  }

  public int featureSize() {
    return (int) Arrays.stream(exampleShape).reduce(1, (a, b) -> a * b);
  }

  /** The examples at the given positions, in that order (copies them). */
  public LabeledData select(int[] positions) {
    int f = featureSize();
    float[] x = new float[positions.length * f];
    int[] y = new int[positions.length];
    for (int i = 0; i < positions.length; i++) {
      System.arraycopy(features, positions[i] * f, x, i * f, f);
      y[i] = labels[positions[i]];
    }
    return new LabeledData(x, y, exampleShape, classes);
  }

  /** The first n examples (copies them). */
  public LabeledData head(int n) {
    int count = Math.min(n, size());
    int f = featureSize();
    return new LabeledData(
        Arrays.copyOf(features, count * f), Arrays.copyOf(labels, count), exampleShape, classes);
  }
}
