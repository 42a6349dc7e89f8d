package dev.taper.report.chart;

import java.util.ArrayList;
import java.util.List;

/** Labelled points, x on a logarithmic axis when it spans more than a decade (parameters). */
public final class ScatterChart {

  /** A point to draw, and the legend group it belongs to. */
  public record Point(double x, double y, String label, String group, String color) {}

  private ScatterChart() {}

  public static ChartView of(
      String id,
      String title,
      String description,
      String xLabel,
      String yLabel,
      List<Point> points,
      String whenEmpty) {
    ChartView.Frame frame = Frames.standard();
    List<Point> drawn =
        points.stream()
            .filter(p -> Double.isFinite(p.x()) && Double.isFinite(p.y()) && p.x() > 0)
            .toList();
    if (drawn.isEmpty()) {
      return ChartView.unplotted(id, title, description, frame, xLabel, yLabel, whenEmpty);
    }
    double xMin = drawn.stream().mapToDouble(Point::x).min().orElseThrow();
    double xMax = drawn.stream().mapToDouble(Point::x).max().orElseThrow();
    double yMin = drawn.stream().mapToDouble(Point::y).min().orElseThrow();
    double yMax = drawn.stream().mapToDouble(Point::y).max().orElseThrow();
    Scale x = Scale.fitting(xMin, xMax, frame.left() + 12, frame.right() - 40, 10);
    Scale y = Scale.linear(yMin, yMax, frame.bottom() - 8, frame.top() + 8);
    List<ChartView.Dot> dots = new ArrayList<>();
    List<ChartView.Legend> legend = new ArrayList<>();
    for (Point p : drawn) {
      dots.add(
          new ChartView.Dot(
              Frames.px(x.map(p.x())),
              Frames.px(y.map(p.y())),
              p.color(),
              p.label(),
              p.group()
                  + " "
                  + p.label()
                  + ": "
                  + Scale.label(p.y())
                  + " at "
                  + Scale.label(p.x())));
      ChartView.Legend entry = new ChartView.Legend(p.group(), p.color());
      if (!legend.contains(entry)) {
        legend.add(entry);
      }
    }
    return new ChartView(
        id,
        title,
        description,
        frame,
        x.title(xLabel),
        yLabel,
        x.ticks(),
        y.ticks(),
        List.of(),
        List.of(),
        dots,
        legend,
        null);
  }
}
