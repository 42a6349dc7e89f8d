package dev.taper.report.chart;

import java.util.List;

/**
 * A chart laid out in pixels, for the page template to draw as SVG: the plot frame, the axes'
 * ticks, and the marks (lines, bars, dots). The title and description become the SVG's accessible
 * name.
 *
 * @param empty what to say instead of a chart when there is nothing to draw, else null
 */
public record ChartView(
    String id,
    String title,
    String description,
    Frame frame,
    String xLabel,
    String yLabel,
    List<Tick> xTicks,
    List<Tick> yTicks,
    List<Line> lines,
    List<Bar> bars,
    List<Dot> dots,
    List<Legend> legend,
    String empty) {

  /** The whole drawing and, inside it, the plot area. */
  public record Frame(int width, int height, double left, double top, double right, double bottom) {

    public double plotWidth() {
      return right - left;
    }

    public double plotHeight() {
      return bottom - top;
    }

    public String viewBox() {
      return "0 0 " + width + " " + height;
    }
  }

  /**
   * A polyline through {@code count} points, "x,y x,y ..." in pixels; {@code markers} are drawn at
   * each point when the series is short enough to show them.
   */
  public record Line(String name, String color, String points, int count, List<Mark> markers) {}

  public record Mark(double x, double y) {}

  /** A bar with the value it shows in {@code title} (read out by assistive technology). */
  public record Bar(double x, double y, double width, double height, String color, String title) {}

  /** A labelled point, e.g. one arm on accuracy vs parameters. */
  public record Dot(double x, double y, String color, String label, String title) {}

  public record Legend(String name, String color) {}

  /**
   * A chart with nothing to plot: its frame and axis labels, and {@code whenEmpty} to say instead.
   */
  static ChartView unplotted(
      String id,
      String title,
      String description,
      Frame frame,
      String xLabel,
      String yLabel,
      String whenEmpty) {
    return new ChartView(
        id,
        title,
        description,
        frame,
        xLabel,
        yLabel,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        whenEmpty);
  }

  public boolean isEmpty() {
    return empty != null;
  }

  /** Every point drawn: the lines' points, the bars and the dots. */
  public int plotted() {
    return lines.stream().mapToInt(Line::count).sum() + bars.size() + dots.size();
  }
}
