package dev.taper.report.chart;

/** The sizes charts are drawn at. */
final class Frames {

  static final int WIDTH = 640;
  static final int HEIGHT = 280;

  private Frames() {}

  static ChartView.Frame standard() {
    return new ChartView.Frame(WIDTH, HEIGHT, 64, 14, WIDTH - 18, HEIGHT - 46);
  }

  /** A coordinate rounded to a tenth of a pixel, as SVG attributes carry it. */
  static double px(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
