package dev.taper.bench.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One process's resident memory over its life: (seconds since it started, MiB) samples, and the
 * judgement of whether it stayed flat after warm-up.
 */
final class RssSeries {

  private final List<double[]> samples = new ArrayList<>();

  synchronized void add(double secondsSinceStart, long rssKib) {
    samples.add(new double[] {secondsSinceStart, rssKib / 1024.0});
  }

  synchronized int size() {
    return samples.size();
  }

  /**
   * The series after {@code warmupSeconds}: a least-squares line through those samples, its slope
   * in MiB per minute, and whether it counts as flat ({@code slope <= maxSlope}); judged only when
   * at least {@code minWindowSeconds} of samples follow the warm-up.
   */
  synchronized Map<String, Object> summary(
      double warmupSeconds, double minWindowSeconds, double maxSlopeMibPerMinute) {
    List<double[]> warm = samples.stream().filter(s -> s[0] >= warmupSeconds).toList();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("samples", samples.size());
    m.put("warm_samples", warm.size());
    m.put(
        "peak_mib",
        Numbers.round(samples.stream().mapToDouble(s -> s[1]).max().orElse(Double.NaN), 1));
    if (warm.size() < 2) {
      m.put("judged", false);
      return m;
    }
    double[] minutes = warm.stream().mapToDouble(s -> s[0] / 60.0).toArray();
    double[] mib = warm.stream().mapToDouble(s -> s[1]).toArray();
    double window = (warm.get(warm.size() - 1)[0] - warm.get(0)[0]);
    double slope = Numbers.slope(minutes, mib);
    m.put("warm_window_seconds", Numbers.round(window, 0));
    m.put("warm_first_mib", Numbers.round(mib[0], 1));
    m.put("warm_last_mib", Numbers.round(mib[mib.length - 1], 1));
    m.put("warm_min_mib", Numbers.round(java.util.Arrays.stream(mib).min().orElseThrow(), 1));
    m.put("warm_max_mib", Numbers.round(java.util.Arrays.stream(mib).max().orElseThrow(), 1));
    m.put("slope_mib_per_minute", Numbers.round(slope, 3));
    boolean judged = window >= minWindowSeconds;
    m.put("judged", judged);
    if (judged) {
      m.put("flat", slope <= maxSlopeMibPerMinute);
    }
    return m;
  }

  /** Every sample as [seconds, MiB], for the JSON. */
  synchronized List<List<Double>> points() {
    return samples.stream()
        .map(s -> List.of(Numbers.round(s[0], 1), Numbers.round(s[1], 1)))
        .toList();
  }
}
