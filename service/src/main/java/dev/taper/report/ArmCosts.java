package dev.taper.report;

import dev.taper.model.ModelRole;
import dev.taper.model.ModelView;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What each arm's training cost in FLOPs, everything it needed: its own stage's count (the {@code
 * trainingFlops} of its metrics) plus the stages it was trained from: WARMED from WIDE, THIN from
 * WARMED, KD from its WIDE teacher. A reused teacher's training counts too: the arm needed it.
 * Unknown where a stage on the way did not count (a model trained before the engine counted, or
 * resumed from a checkpoint written then).
 */
final class ArmCosts {

  private static final Map<ModelRole, ModelRole> TRAINED_FROM =
      Map.of(
          ModelRole.WARMED,
          ModelRole.WIDE,
          ModelRole.THIN,
          ModelRole.WARMED,
          ModelRole.KD,
          ModelRole.WIDE);

  private final Map<ModelRole, Double> own = new EnumMap<>(ModelRole.class);

  private ArmCosts(List<ModelView> produced) {
    for (ModelView model : produced) {
      Double flops = ownFlops(model.metrics());
      if (flops != null) {
        own.putIfAbsent(model.role(), flops);
      }
    }
  }

  static ArmCosts of(List<ModelView> produced) {
    return new ArmCosts(produced);
  }

  /** The arm's training FLOPs, the stages it was trained from included; null when unknown. */
  Double total(ModelRole role) {
    if (role == ModelRole.EXPORT) {
      return null;
    }
    Double flops = own.get(role);
    ModelRole from = TRAINED_FROM.get(role);
    if (flops == null || from == null) {
      return flops;
    }
    Double before = total(from);
    return before == null ? null : before + flops;
  }

  private static Double ownFlops(JsonNode metrics) {
    JsonNode value = metrics == null ? null : metrics.get("trainingFlops");
    return value != null && value.isNumber() && value.asDouble() > 0 ? value.asDouble() : null;
  }
}
