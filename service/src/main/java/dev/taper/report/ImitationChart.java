package dev.taper.report;

import dev.taper.metrics.MetricPoint;
import dev.taper.report.chart.BarChart;
import dev.taper.report.chart.ChartView;
import dev.taper.report.chart.Palette;
import dev.taper.training.PhaseLoss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Imitation loss before and after each phase (a layer, the joint phase, the head). Once IMITATE has
 * finished these are the WARMED model's measured phase losses (on a fixed batch); while it runs,
 * the first and last recorded loss of each layer stand in for them.
 */
final class ImitationChart {

  private static final String ID = "imitation-phases";
  private static final String TITLE = "Imitation loss before and after each phase";
  private static final String DESCRIPTION =
      "Per imitation phase (layer by layer, or all layers jointly, then the head), the loss the"
          + " phase optimises before its first step and after its last";

  private ImitationChart() {}

  /**
   * @param warmedMetrics the WARMED model's metrics, or null before it exists
   * @param live the IMITATE job's recorded imitation loss, every point marked with its layer
   * @param joint whether the spec imitates all layers at once
   */
  static ChartView of(
      JsonNode warmedMetrics, List<MetricPoint> live, int headLayer, boolean joint) {
    List<String> categories = new ArrayList<>();
    List<Double> before = new ArrayList<>();
    List<Double> after = new ArrayList<>();
    JsonNode phases = warmedMetrics == null ? null : warmedMetrics.get("phaseLosses");
    if (phases != null && phases.isArray() && !phases.isEmpty()) {
      for (int p = 0; p < phases.size(); p++) {
        boolean head = p == phases.size() - 1;
        JsonNode phase = phases.get(p);
        String name = head ? "head" : joint ? "joint" : "layer " + phase.get("phase").asInt();
        categories.add(
            name
                + PhaseLoss.jumpSummary(
                    phase.path("jumps").asInt(0), phase.path("rollbacks").asInt(0)));
        before.add(number(phase.get("start")));
        after.add(number(phase.get("end")));
      }
    } else {
      Map<Integer, List<MetricPoint>> layers = new LinkedHashMap<>();
      for (MetricPoint point : live) {
        layers.computeIfAbsent(point.layer(), l -> new ArrayList<>()).add(point);
      }
      for (Map.Entry<Integer, List<MetricPoint>> layer : layers.entrySet()) {
        int l = layer.getKey() == null ? -1 : layer.getKey();
        categories.add(l >= headLayer ? "head" : joint ? "joint" : "layer " + l);
        before.add(layer.getValue().get(0).value());
        after.add(layer.getValue().get(layer.getValue().size() - 1).value());
      }
    }
    return BarChart.of(
        ID,
        TITLE,
        DESCRIPTION,
        "phase",
        "imitation loss",
        categories,
        List.of(
            new BarChart.Group("before", Palette.series(1), before),
            new BarChart.Group("after", Palette.series(0), after)),
        "No imitation phase has run yet");
  }

  private static double number(JsonNode value) {
    return value != null && value.isNumber() ? value.asDouble() : Double.NaN;
  }
}
