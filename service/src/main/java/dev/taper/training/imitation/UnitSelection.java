package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;

/**
 * Picks the units of a layer that between them carry most of its variation: greedily, each next
 * unit is the one whose variance the units already picked explain least (its largest residual
 * variance), which is a pivoted Cholesky factorisation of the units' covariance stopped after
 * {@code count} pivots. Unlike ranking units by their own variance, it does not pick two units that
 * say the same thing, and it never prefers a unit that is constant (dead) on the data.
 */
final class UnitSelection {

  /**
   * Residual variance, as a fraction of the largest unit variance, below which a unit counts as
   * explained by those already picked: relative, so the picks do not depend on the units' scale.
   */
  private static final double EXPLAINED = 1e-12;

  private UnitSelection() {}

  /**
   * The indices of {@code count} units, in the order picked, from their values on examples.
   *
   * @param samples (examples, units), one row per example
   */
  static int[] pick(NDArray samples, int count) {
    long n = samples.getShape().get(0);
    int units = Math.toIntExact(samples.getShape().get(1));
    NDArray centred = samples.sub(samples.mean(new int[] {0}, true));
    return pick(centred.transpose().matMul(centred).div(n).toDoubleArray(), units, count);
  }

  /**
   * The indices of {@code count} units, in the order picked.
   *
   * @param covariance the units' covariance, row-major, {@code units x units}
   */
  static int[] pick(double[] covariance, int units, int count) {
    if (covariance.length != units * units) {
      throw new IllegalArgumentException(
          "covariance has " + covariance.length + " entries, not " + units + " x " + units);
    }
    if (count < 1 || count > units) {
      throw new IllegalArgumentException(
          "cannot pick " + count + " of " + units + " units (need 1 to " + units + ")");
    }
    double[] residual = new double[units];
    double largest = 0;
    for (int u = 0; u < units; u++) {
      residual[u] = covariance[u * units + u];
      largest = Math.max(largest, residual[u]);
    }
    double explained = EXPLAINED * largest;
    boolean[] picked = new boolean[units];
    double[][] factors = new double[count][];
    int[] order = new int[count];
    for (int m = 0; m < count; m++) {
      int pivot = largestUnpicked(residual, picked);
      picked[pivot] = true;
      order[m] = pivot;
      double[] factor = new double[units];
      factors[m] = factor;
      if (residual[pivot] <= explained) {
        continue;
      }
      double scale = Math.sqrt(residual[pivot]);
      for (int u = 0; u < units; u++) {
        double value = covariance[u * units + pivot];
        for (int p = 0; p < m; p++) {
          value -= factors[p][u] * factors[p][pivot];
        }
        factor[u] = value / scale;
        residual[u] = Math.max(0, residual[u] - factor[u] * factor[u]);
      }
    }
    return order;
  }

  private static int largestUnpicked(double[] residual, boolean[] picked) {
    int best = -1;
    for (int u = 0; u < residual.length; u++) {
      if (!picked[u] && (best < 0 || residual[u] > residual[best])) {
        best = u;
      }
    }
    return best;
  }
}
