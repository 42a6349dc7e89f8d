package dev.taper.bench.service;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A target a measurement is held to, and the verdict on one measured value: met, or missed by how
 * much (absolute and relative to the threshold), so that a report never just says "missed".
 *
 * @param what the measured quantity, e.g. {@code claim_ratio at 4 claimers}
 * @param atLeast whether the value must reach the threshold (else it must stay below it)
 * @param threshold the target's bound
 */
record Target(String what, boolean atLeast, double threshold) {

  static Target atLeast(String what, double threshold) {
    return new Target(what, true, threshold);
  }

  static Target below(String what, double threshold) {
    return new Target(what, false, threshold);
  }

  String text() {
    return what + (atLeast ? " >= " : " < ") + format(threshold);
  }

  boolean met(double measured) {
    return Double.isFinite(measured) && (atLeast ? measured >= threshold : measured < threshold);
  }

  /** "met (0.93 against >= 0.8)" or "missed by 0.08 (10% short: 0.72 against >= 0.8)". */
  String verdict(double measured) {
    if (!Double.isFinite(measured)) {
      return "not measured";
    }
    String against = format(measured) + " against " + text();
    if (met(measured)) {
      return "met (" + against + ")";
    }
    double by = Math.abs(measured - threshold);
    long percent = Math.round(100 * by / Math.abs(threshold));
    return "missed by "
        + format(by)
        + " ("
        + percent
        + (atLeast ? "% short: " : "% over: ")
        + against
        + ")";
  }

  /** The target, the value, whether it was met and the verdict, for the JSON. */
  Map<String, Object> judge(double measured) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", text());
    m.put("measured", Numbers.round(measured, 3));
    m.put("met", met(measured));
    m.put("verdict", verdict(measured));
    return m;
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.valueOf((long) value)
        : String.valueOf(Numbers.round(value, 3));
  }
}
