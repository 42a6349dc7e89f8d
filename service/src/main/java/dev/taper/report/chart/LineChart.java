package dev.taper.report.chart;

import java.util.ArrayList;
import java.util.List;

/** Lines over a shared x axis; y goes logarithmic when positive values span two decades. */
public final class LineChart {

  private LineChart() {}

  /**
   * @param logAllowed whether y may go logarithmic (losses) or must stay linear (accuracies)
   */
  public static ChartView of(
      String id,
      String title,
      String description,
      String xLabel,
      String yLabel,
      List<Series> series,
      boolean logAllowed,
      String whenEmpty) {
    ChartView.Frame frame = Frames.standard();
    List<Series> drawn = series.stream().filter(s -> s.size() > 0).toList();
    if (drawn.isEmpty()) {
      return ChartView.unplotted(id, title, description, frame, xLabel, yLabel, whenEmpty);
    }
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (Series s : drawn) {
      for (int i = 0; i < s.size(); i++) {
        xMin = Math.min(xMin, s.x()[i]);
        xMax = Math.max(xMax, s.x()[i]);
        yMin = Math.min(yMin, s.y()[i]);
        yMax = Math.max(yMax, s.y()[i]);
      }
    }
    Scale x = Scale.linear(xMin, xMax, frame.left(), frame.right());
    Scale y =
        logAllowed
            ? Scale.fitting(yMin, yMax, frame.bottom(), frame.top(), Scale.TWO_DECADES)
            : Scale.linear(yMin, yMax, frame.bottom(), frame.top());
    List<ChartView.Line> lines = new ArrayList<>();
    List<ChartView.Legend> legend = new ArrayList<>();
    for (Series s : drawn) {
      StringBuilder points = new StringBuilder(s.size() * 12);
      List<ChartView.Mark> marks = new ArrayList<>();
      for (int i = 0; i < s.size(); i++) {
        double px = Frames.px(x.map(s.x()[i]));
        double py = Frames.px(y.map(s.y()[i]));
        if (i > 0) {
          points.append(' ');
        }
        points.append(px).append(',').append(py);
        if (s.markers() || s.size() == 1) {
          marks.add(new ChartView.Mark(px, py));
        }
      }
      lines.add(new ChartView.Line(s.name(), s.color(), points.toString(), s.size(), marks));
      legend.add(new ChartView.Legend(s.name(), s.color()));
    }
    return new ChartView(
        id,
        title,
        description,
        frame,
        xLabel,
        y.title(yLabel),
        x.ticks(),
        y.ticks(),
        lines,
        List.of(),
        List.of(),
        legend,
        null);
  }
}
