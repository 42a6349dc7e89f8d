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

  /**
   * Half the width of the two-sided 95% Student-t interval of the mean: t(0.975, n - 1) times the
   * standard error; NaN for fewer than two values.
   */
  static double halfWidth95(List<Double> values) {
    int n = values.size();
    if (n < 2) {
      return Double.NaN;
    }
    return studentTQuantile(0.95, n - 1) * sampleStd(values) / Math.sqrt(n);
  }

  /** The t with P(|T| <= t) = {@code centralProbability} for Student's t, found by bisection. */
  static double studentTQuantile(double centralProbability, int degreesOfFreedom) {
    if (!(centralProbability > 0 && centralProbability < 1) || degreesOfFreedom < 1) {
      throw new IllegalArgumentException(
          "need 0 < probability < 1 and at least 1 degree of freedom, got "
              + centralProbability
              + " and "
              + degreesOfFreedom);
    }
    double low = 0;
    double high = 1;
    while (studentTCentralProbability(high, degreesOfFreedom) < centralProbability) {
      high *= 2;
    }
    for (int i = 0; i < 100; i++) {
      double mid = (low + high) / 2;
      if (studentTCentralProbability(mid, degreesOfFreedom) < centralProbability) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return (low + high) / 2;
  }

  /**
   * P(|T| <= t) for Student's t with {@code degreesOfFreedom}, t >= 0: the finite series in theta =
   * atan(t / sqrt(df)) that Abramowitz and Stegun give (26.7.3 and 26.7.4), exact for whole degrees
   * of freedom.
   */
  static double studentTCentralProbability(double t, int degreesOfFreedom) {
    double theta = Math.atan(t / Math.sqrt(degreesOfFreedom));
    double cos2 = Math.cos(theta) * Math.cos(theta);
    if (degreesOfFreedom % 2 == 1) {
      if (degreesOfFreedom == 1) {
        return 2 * theta / Math.PI;
      }
      double term = Math.cos(theta);
      double sum = term;
      for (int k = 1; k <= (degreesOfFreedom - 3) / 2; k++) {
        term *= 2.0 * k / (2.0 * k + 1) * cos2;
        sum += term;
      }
      return 2 / Math.PI * (theta + Math.sin(theta) * sum);
    }
    double term = 1;
    double sum = term;
    for (int k = 1; k <= (degreesOfFreedom - 2) / 2; k++) {
      term *= (2.0 * k - 1) / (2.0 * k) * cos2;
      sum += term;
    }
    return Math.sin(theta) * sum;
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
