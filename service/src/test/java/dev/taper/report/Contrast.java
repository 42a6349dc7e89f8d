package dev.taper.report;

/** WCAG 2 contrast between two sRGB colours written #rrggbb. */
final class Contrast {

  private Contrast() {}

  static double ratio(String foreground, String background) {
    double a = luminance(foreground);
    double b = luminance(background);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }

  static double luminance(String hex) {
    String h = hex.startsWith("#") ? hex.substring(1) : hex;
    if (h.length() == 3) {
      h = "" + h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2);
    }
    double r = channel(Integer.parseInt(h.substring(0, 2), 16));
    double g = channel(Integer.parseInt(h.substring(2, 4), 16));
    double b = channel(Integer.parseInt(h.substring(4, 6), 16));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  private static double channel(int value) {
    double c = value / 255.0;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }
}
