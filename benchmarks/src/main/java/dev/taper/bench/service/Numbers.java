package dev.taper.bench.service;

import java.util.Arrays;
import java.util.Collection;

/** Medians, percentiles, a least-squares slope and rounding for the reports. */
final class Numbers {

  private Numbers() {}

  static double median(Collection<Double> values) {
    return percentile(values, 50);
  }

  /**
   * The {@code p}-th percentile by linear interpolation between the closest ranks (the same
   * definition as NumPy's default); NaN for no values.
   */
  static double percentile(Collection<Double> values, double p) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return percentileOfSorted(sorted, p);
  }

  static double percentileOfSorted(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double rank = p / 100.0 * (sorted.length - 1);
    int below = (int) Math.floor(rank);
    int above = (int) Math.ceil(rank);
    return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
  }

  /** The least-squares slope of y over x; NaN for fewer than two distinct x. */
  static double slope(double[] x, double[] y) {
    int n = x.length;
    double meanX = Arrays.stream(x).average().orElse(Double.NaN);
    double meanY = Arrays.stream(y).average().orElse(Double.NaN);
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - meanX) * (y[i] - meanY);
      sxx += (x[i] - meanX) * (x[i] - meanX);
    }
    return n < 2 || sxx == 0 ? Double.NaN : sxy / sxx;
  }

  /** {@code value} rounded to {@code digits} decimals, or null (JSON-safe) when not finite. */
  static Double round(double value, int digits) {
    if (!Double.isFinite(value)) {
      return null;
    }
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }
}
