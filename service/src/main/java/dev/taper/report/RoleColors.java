package dev.taper.report;

import dev.taper.model.ModelRole;
import dev.taper.report.chart.Palette;
import java.util.Map;

/** One colour per arm, the same in every chart and in the lineage; a stage takes its model's. */
final class RoleColors {

  private static final Map<ModelRole, String> BY_ROLE =
      Map.of(
          ModelRole.THIN, Palette.series(0),
          ModelRole.SCRATCH, Palette.series(1),
          ModelRole.WARMED, Palette.series(5),
          ModelRole.KD, Palette.series(3),
          ModelRole.DEEPER, Palette.series(4),
          ModelRole.WIDE, Palette.series(8));

  /** The role of the model each stage kind produces. */
  private static final Map<String, ModelRole> ROLE_OF_KIND =
      Map.of(
          "WIDE", ModelRole.WIDE,
          "IMITATE", ModelRole.WARMED,
          "FINETUNE", ModelRole.THIN,
          "SCRATCH", ModelRole.SCRATCH,
          "KD", ModelRole.KD,
          "DEEPER", ModelRole.DEEPER);

  private RoleColors() {}

  static String of(ModelRole role) {
    return BY_ROLE.getOrDefault(role, Palette.series(7));
  }

  static String ofKind(String kind) {
    ModelRole role = ROLE_OF_KIND.get(kind);
    return role == null ? Palette.series(7) : of(role);
  }
}
