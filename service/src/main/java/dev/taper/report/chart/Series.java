package dev.taper.report.chart;

/**
 * Data of one line: x and y of equal length, x increasing.
 *
 * @param markers whether to mark each point (for short series such as one per epoch)
 */
public record Series(String name, String color, double[] x, double[] y, boolean markers) {

  public Series {
    if (x.length != y.length) {
      throw new IllegalArgumentException("x and y differ in length: " + x.length + ", " + y.length);
    }
  }

  public int size() {
    return x.length;
  }
}
