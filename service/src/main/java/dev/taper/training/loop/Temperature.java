package dev.taper.training.loop;

/**
 * The temperature T that minimises the mean cross-entropy of softmax(logits / T) against the
 * labels. The loss is convex in 1 / T, so a golden-section search over log T finds its minimum; T
 * is kept within [1e-2, 1e2].
 */
final class Temperature {

  static final double MIN = 1e-2;
  static final double MAX = 1e2;
  private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;
  private static final int ITERATIONS = 80;

  private Temperature() {}

  /**
   * @param logits row-major, {@code labels.length} rows of {@code classes} each
   */
  static double fit(float[] logits, long[] labels, int classes) {
    if (logits.length != (long) labels.length * classes) {
      throw new IllegalArgumentException(
          logits.length + " logits for " + labels.length + " labels of " + classes + " classes");
    }
    double lo = Math.log(MIN);
    double hi = Math.log(MAX);
    double a = hi - GOLDEN * (hi - lo);
    double b = lo + GOLDEN * (hi - lo);
    double lossA = crossEntropy(logits, labels, classes, Math.exp(a));
    double lossB = crossEntropy(logits, labels, classes, Math.exp(b));
    for (int i = 0; i < ITERATIONS; i++) {
      if (lossA <= lossB) {
        hi = b;
        b = a;
        lossB = lossA;
        a = hi - GOLDEN * (hi - lo);
        lossA = crossEntropy(logits, labels, classes, Math.exp(a));
      } else {
        lo = a;
        a = b;
        lossA = lossB;
        b = lo + GOLDEN * (hi - lo);
        lossB = crossEntropy(logits, labels, classes, Math.exp(b));
      }
    }
    return Math.exp((lo + hi) / 2);
  }

  /** Mean cross-entropy of softmax(logits / temperature), computed stably in double. */
  static double crossEntropy(float[] logits, long[] labels, int classes, double temperature) {
    double total = 0;
    for (int row = 0; row < labels.length; row++) {
      int offset = row * classes;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        max = Math.max(max, logits[offset + c] / temperature);
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp(logits[offset + c] / temperature - max);
      }
      double label = logits[offset + (int) labels[row]] / temperature;
      total += max + Math.log(sum) - label;
    }
    return total / labels.length;
  }
}
