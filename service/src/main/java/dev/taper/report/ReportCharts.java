package dev.taper.report;

import dev.taper.metrics.MetricName;
import dev.taper.metrics.MetricPoint;
import dev.taper.metrics.MetricSeries;
import dev.taper.report.chart.ChartView;
import dev.taper.report.chart.LineChart;
import dev.taper.report.chart.Palette;
import dev.taper.report.chart.ScatterChart;
import dev.taper.report.chart.Series;
import dev.taper.training.StageKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report's charts, from the stages' recorded series and the arms' measurements. */
final class ReportCharts {

  private ReportCharts() {}

  /**
   * One loss chart per stage; IMITATE's shows one line per imitation layer (the head is the last).
   */
  static List<ChartView> losses(
      List<StageRow> stages, Map<Long, Map<MetricName, MetricSeries>> history) {
    List<ChartView> charts = new ArrayList<>();
    for (StageRow stage : stages) {
      if (stage.kind().equals(StageKind.EXPORT.name())) {
        continue; // an export trains nothing: its chart would stay empty
      }
      Map<MetricName, MetricSeries> series = history.getOrDefault(stage.id(), Map.of());
      List<Series> lines;
      String title;
      if (series.containsKey(MetricName.IMITATION_LOSS)) {
        lines = byLayer(series.get(MetricName.IMITATION_LOSS).points(), stage);
        title = stage.kind() + ": imitation loss by layer";
      } else {
        MetricSeries loss = series.get(MetricName.LOSS);
        lines =
            loss == null
                ? List.of()
                : List.of(
                    line(stage.kind(), RoleColors.ofKind(stage.kind()), loss.points(), false));
        title = stage.kind() + ": training loss";
      }
      charts.add(
          LineChart.of(
              "loss-" + stage.id(),
              title,
              "Loss of stage job " + stage.id() + " (" + stage.kind() + ") against optimiser steps",
              "optimiser step",
              "loss",
              lines,
              true,
              "No loss recorded yet"));
    }
    return charts;
  }

  /** Validation accuracy after every epoch, one line per supervised stage, in percent. */
  static ChartView validation(
      List<StageRow> stages, Map<Long, Map<MetricName, MetricSeries>> history) {
    List<Series> lines = new ArrayList<>();
    for (StageRow stage : stages) {
      MetricSeries accuracy =
          history.getOrDefault(stage.id(), Map.of()).get(MetricName.VALIDATION_ACCURACY);
      if (accuracy != null) {
        List<MetricPoint> points = accuracy.points();
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
          x[i] = points.get(i).step();
          y[i] = points.get(i).value() * 100;
        }
        lines.add(new Series(stage.kind(), RoleColors.ofKind(stage.kind()), x, y, true));
      }
    }
    return LineChart.of(
        "validation-accuracy",
        "Validation accuracy per epoch",
        "Accuracy on the validation split at the end of each epoch, per supervised stage",
        "epoch",
        "validation accuracy (%)",
        lines,
        false,
        "No epoch has ended yet");
  }

  /** Test accuracy against parameters, one point per arm. */
  static ChartView accuracyVsParameters(List<ArmRow> arms) {
    List<ScatterChart.Point> points = new ArrayList<>();
    for (ArmRow arm : arms) {
      if (arm.accuracy() != null) {
        points.add(
            new ScatterChart.Point(
                arm.parameters(),
                arm.accuracy() * 100,
                arm.role().name(),
                arm.role().name(),
                RoleColors.of(arm.role())));
      }
    }
    return ScatterChart.of(
        "accuracy-vs-parameters",
        "Test accuracy against parameters",
        "Each arm's test accuracy against its parameter count",
        "parameters",
        "test accuracy (%)",
        points,
        "No model yet");
  }

  private static List<Series> byLayer(List<MetricPoint> points, StageRow stage) {
    Map<Integer, List<MetricPoint>> layers = new LinkedHashMap<>();
    for (MetricPoint point : points) {
      layers
          .computeIfAbsent(point.layer() == null ? -1 : point.layer(), l -> new ArrayList<>())
          .add(point);
    }
    int head = stage.progress() == null ? Integer.MAX_VALUE : stage.progress().layers();
    List<Series> lines = new ArrayList<>();
    int i = 0;
    for (Map.Entry<Integer, List<MetricPoint>> layer : layers.entrySet()) {
      String name = layer.getKey() >= head ? "head" : "layer " + layer.getKey();
      lines.add(line(name, Palette.series(i++), layer.getValue(), false));
    }
    return lines;
  }

  static Series line(String name, String color, List<MetricPoint> points, boolean markers) {
    double[] x = new double[points.size()];
    double[] y = new double[points.size()];
    for (int i = 0; i < points.size(); i++) {
      x[i] = points.get(i).step();
      y[i] = points.get(i).value();
    }
    return new Series(name, color, x, y, markers);
  }
}
