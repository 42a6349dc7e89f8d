package dev.taper.model;

import dev.taper.training.family.Architecture;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Where a model came from and what was built beside it: the models of its experiment (WIDE, WARMED,
 * THIN and the baselines), the models they descend from (a reused teacher), and the models
 * descending from it. Edges point from parent to child.
 */
public record Lineage(List<Node> nodes, List<Edge> edges) {

  /**
   * @param architecture the model's full architecture, as in its {@code architecture.json}
   */
  @Schema(name = "LineageNode")
  public record Node(
      UUID id,
      ModelRole role,
      String family,
      @Schema(implementation = Architecture.class) JsonNode architecture,
      UUID experimentId,
      Double testAccuracy) {}

  @Schema(name = "LineageEdge")
  public record Edge(UUID from, UUID to, EdgeRelation relation) {}
}
