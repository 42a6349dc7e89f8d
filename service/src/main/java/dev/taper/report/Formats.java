package dev.taper.report;

import java.util.Locale;

/** How the pages write numbers: short, with their unit, and a dash where there is no value. */
final class Formats {

  static final String NONE = "–";

  private Formats() {}

  /** 0.8723 as "87.23%". */
  static String percent(Double fraction) {
    if (fraction == null || !Double.isFinite(fraction)) {
      return NONE;
    }
    return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
  }

  /** A difference of fractions in percentage points, signed: "+0.40 pts". */
  static String points(Double difference) {
    if (difference == null || !Double.isFinite(difference)) {
      return NONE;
    }
    return String.format(Locale.ROOT, "%+.2f pts", difference * 100);
  }

  /** 12345 as "12,345". */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A count in thousands, millions, billions or trillions: "1.23M". */
  static String compact(double n) {
    double a = Math.abs(n);
    if (a >= 1e12) {
      return String.format(Locale.ROOT, "%.2fT", n / 1e12);
    }
    if (a >= 1e9) {
      return String.format(Locale.ROOT, "%.2fG", n / 1e9);
    }
    if (a >= 1e6) {
      return String.format(Locale.ROOT, "%.2fM", n / 1e6);
    }
    if (a >= 1e4) {
      return String.format(Locale.ROOT, "%.1fk", n / 1e3);
    }
    return count(Math.round(n));
  }

  /** Bytes in binary units: "45.6 KiB". */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
  }

  /** Seconds as "42s", "3m 05s" or "1h 02m". */
  static String duration(Double seconds) {
    if (seconds == null || !Double.isFinite(seconds) || seconds < 0) {
      return NONE;
    }
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
  }

  static String millis(Double ms) {
    if (ms == null || !Double.isFinite(ms)) {
      return NONE;
    }
    return String.format(Locale.ROOT, "%.3f ms", ms);
  }

  /** A loss: four significant digits. */
  static String loss(Double v) {
    if (v == null || !Double.isFinite(v)) {
      return NONE;
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
