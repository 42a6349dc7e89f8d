package dev.taper.bench;

import java.util.Arrays;
import java.util.List;

/** The few statistics the reports need. */
final class Stats {

  private Stats() {}

  static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** Sample standard deviation (n - 1); NaN for fewer than two values. */
  static double sampleStd(List<Double> values) {
    int n = values.size();
    if (n < 2) {
      return Double.NaN;
    }
    double mean = mean(values);
    double sum = 0;
    for (double v : values) {
      sum += (v - mean) * (v - mean);
    }
    return Math.sqrt(sum / (n - 1));
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** A JSON-safe number: NaN and infinities become null. */
  static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
