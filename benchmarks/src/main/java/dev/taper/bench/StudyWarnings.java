package dev.taper.bench;

import dev.taper.bench.StudyResult.Arm;
import dev.taper.bench.StudyResult.ArmSeed;
import dev.taper.bench.StudyResult.Selection;
import dev.taper.bench.StudyResult.Teacher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a reader must know before trusting a study's numbers: arms that failed, a teacher that is
 * not clearly better than simply going deeper, a teacher whose own lead over SCRATCH is smaller
 * than the lead the targets ask of THIN, and grid picks at the edge of the grid.
 */
final class StudyWarnings {

  /** WIDE must beat DEEPER on validation by at least this much to be worth imitating. */
  static final double TEACHER_MARGIN_POINTS = 1.0;

  private StudyWarnings() {}

  static Teacher teacher(List<Arm> arms) {
    Double wide = validation(arms, "WIDE");
    Double deeper = validation(arms, "DEEPER");
    Double margin = StudyTargets.difference(wide, deeper);
    return new Teacher(
        wide,
        deeper,
        margin,
        TEACHER_MARGIN_POINTS,
        margin == null ? null : margin >= TEACHER_MARGIN_POINTS);
  }

  static List<String> of(List<Arm> arms, Teacher teacher, Selection selection) {
    List<String> warnings = new ArrayList<>();
    for (Arm arm : arms) {
      for (ArmSeed seed : arm.seeds()) {
        if (seed.failed()) {
          warnings.add(
              String.format(
                  Locale.ROOT, "%s failed in seed %d: %s", arm.arm(), seed.seed(), seed.error()));
        }
      }
    }
    if (Boolean.FALSE.equals(teacher.ok())) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "the WIDE teacher's validation accuracy (%.2f%%) is not at least %.1f point above"
                  + " DEEPER's (%.2f%%): the teacher is no better than going deeper, so imitating"
                  + " it has little to offer",
              teacher.wideValidationAccuracy(),
              TEACHER_MARGIN_POINTS,
              teacher.deeperValidationAccuracy()));
    }
    teacherHeadroom(arms).ifPresent(warnings::add);
    if (selection != null && selection.lrGrid().size() > 1) {
      warnings.addAll(gridEdges(arms, selection));
    }
    return warnings;
  }

  /**
   * A thin network learns from its teacher, so a SCRATCH target above the teacher's own lead over
   * SCRATCH asks THIN to beat its teacher: the regime, not the method, then decides the miss.
   */
  private static Optional<String> teacherHeadroom(List<Arm> arms) {
    Double wide = validation(arms, "WIDE");
    Double scratch = validation(arms, "SCRATCH");
    Double lead = StudyTargets.difference(wide, scratch);
    double asked =
        StudyTarget.ALL.stream()
            .filter(t -> t.arm().equals("SCRATCH"))
            .mapToDouble(StudyTarget::points)
            .findFirst()
            .orElseThrow();
    if (lead == null || lead >= asked) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "the WIDE teacher leads SCRATCH by %.2f points on validation (%.2f%% against %.2f%%),"
                + " less than the %.1f the SCRATCH target asks of THIN: only a THIN better than its"
                + " own teacher could meet it here",
            lead,
            wide,
            scratch,
            asked));
  }

  private static List<String> gridEdges(List<Arm> arms, Selection selection) {
    List<Double> grid = selection.lrGrid();
    double lowest = grid.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double highest = grid.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    List<String> warnings = new ArrayList<>();
    for (Arm arm : arms) {
      List<Double> picks = arm.learningRates();
      boolean untuned =
          (arm.arm().equals("WARMED") && !selection.imitationTuned())
              || (arm.arm().equals("WIDE") && !selection.wideTuned());
      if (untuned || picks.isEmpty()) {
        continue;
      }
      for (double edge : new double[] {lowest, highest}) {
        if (picks.stream().allMatch(p -> p == edge)) {
          warnings.add(
              String.format(
                  Locale.ROOT,
                  "%s picked the grid's %s learning rate (%s) in every seed: its best may lie"
                      + " outside the grid",
                  arm.arm(),
                  edge == lowest ? "smallest" : "largest",
                  StudySelection.rate(edge)));
        }
      }
    }
    return warnings;
  }

  private static Double validation(List<Arm> arms, String name) {
    Optional<Arm> arm = arms.stream().filter(a -> a.arm().equals(name)).findFirst();
    return arm.map(Arm::validationAccuracyMean).orElse(null);
  }
}
