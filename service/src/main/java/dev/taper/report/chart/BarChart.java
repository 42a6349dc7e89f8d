package dev.taper.report.chart;

import java.util.ArrayList;
import java.util.List;

/** Groups of bars side by side, one group per category (e.g. before and after, per layer). */
public final class BarChart {

  /** One kind of bar: its name, colour and a value per category (NaN: none). */
  public record Group(String name, String color, List<Double> values) {}

  private BarChart() {}

  public static ChartView of(
      String id,
      String title,
      String description,
      String xLabel,
      String yLabel,
      List<String> categories,
      List<Group> groups,
      String whenEmpty) {
    ChartView.Frame frame = Frames.standard();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Group g : groups) {
      for (double v : g.values()) {
        if (Double.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    if (categories.isEmpty() || !Double.isFinite(max)) {
      return ChartView.unplotted(id, title, description, frame, xLabel, yLabel, whenEmpty);
    }
    Scale y =
        min > 0 && max / min > Scale.TWO_DECADES
            ? Scale.log(min, max, frame.bottom(), frame.top())
            : Scale.linear(Math.min(0, min), max, frame.bottom(), frame.top());
    double slot = frame.plotWidth() / categories.size();
    double barWidth = slot * 0.8 / groups.size();
    double base = y.isLog() ? frame.bottom() : y.map(0);
    List<ChartView.Bar> bars = new ArrayList<>();
    List<Tick> xTicks = new ArrayList<>();
    for (int c = 0; c < categories.size(); c++) {
      double left = frame.left() + c * slot + slot * 0.1;
      xTicks.add(new Tick(Frames.px(frame.left() + (c + 0.5) * slot), categories.get(c)));
      for (int g = 0; g < groups.size(); g++) {
        double v = groups.get(g).values().get(c);
        if (!Double.isFinite(v)) {
          continue;
        }
        double top = y.map(v);
        bars.add(
            new ChartView.Bar(
                Frames.px(left + g * barWidth),
                Frames.px(Math.min(top, base)),
                Frames.px(barWidth),
                Frames.px(Math.abs(base - top)),
                groups.get(g).color(),
                categories.get(c) + ", " + groups.get(g).name() + ": " + Scale.label(v)));
      }
    }
    List<ChartView.Legend> legend =
        groups.stream().map(g -> new ChartView.Legend(g.name(), g.color())).toList();
    return new ChartView(
        id,
        title,
        description,
        frame,
        xLabel,
        y.title(yLabel),
        xTicks,
        y.ticks(),
        List.of(),
        bars,
        List.of(),
        legend,
        null);
  }
}
