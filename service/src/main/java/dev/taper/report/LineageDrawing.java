package dev.taper.report;

import dev.taper.model.EdgeRelation;
import dev.taper.model.Lineage;
import dev.taper.report.chart.GraphLayout;
import dev.taper.report.chart.GraphView;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The lineage graph as drawn: WIDE -> WARMED -> THIN, the teacher edges, the baselines; every model
 * a box linking to its download.
 */
final class LineageDrawing {

  private static final Map<EdgeRelation, String> LABELS =
      Map.of(
          EdgeRelation.IMITATED_FROM, "imitated",
          EdgeRelation.FINETUNED_FROM, "fine-tuned",
          EdgeRelation.DISTILLED_FROM, "distilled");

  private LineageDrawing() {}

  static GraphView of(Lineage lineage, UUID experimentId) {
    List<GraphLayout.Input> nodes =
        lineage.nodes().stream()
            .map(
                n -> {
                  boolean elsewhere = !experimentId.equals(n.experimentId());
                  String title = n.role().name() + (elsewhere ? " (reused)" : "");
                  String accuracy = Formats.percent(n.testAccuracy());
                  return new GraphLayout.Input(
                      n.id().toString(),
                      title,
                      n.family() + " · " + accuracy,
                      RoleColors.of(n.role()),
                      "/api/v1/models/" + n.id() + "/download",
                      "Download the " + title + " model (" + accuracy + " test accuracy)");
                })
            .toList();
    List<GraphLayout.Link> links =
        lineage.edges().stream()
            .map(
                e ->
                    new GraphLayout.Link(
                        e.from().toString(),
                        e.to().toString(),
                        LABELS.get(e.relation()),
                        e.relation() == EdgeRelation.DISTILLED_FROM))
            .toList();
    return GraphLayout.layout(nodes, links);
  }

  static GraphView empty() {
    return GraphLayout.layout(List.of(), List.of());
  }
}
