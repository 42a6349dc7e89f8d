package dev.taper.bench;

import dev.taper.bench.StudyResult.Arm;
import dev.taper.bench.StudyResult.ArmSeed;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A study's {@code NAME.json}: the {@link StudyResult} as it is, in {@link ResultJson}'s dialect.
 */
final class StudyJson {

  private StudyJson() {}

  static String render(StudyResult result) {
    return ResultJson.write(result);
  }

  /**
   * Reads a study result file. A file written before the validation means, the target's comparisons
   * and the teacher check existed gets them computed from its per-seed data.
   */
  static StudyResult read(Path file) throws IOException {
    StudyResult r = ResultJson.read(file, StudyResult.class);
    List<Arm> arms = r.arms().stream().map(StudyJson::withValidationMean).toList();
    boolean hasComparisons = r.target() != null && !r.target().comparisons().isEmpty();
    return r.withChecks(
        hasComparisons ? r.target() : StudyTargets.evaluate(arms),
        arms,
        r.teacher() != null ? r.teacher() : StudyWarnings.teacher(arms),
        r.warnings());
  }

  private static Arm withValidationMean(Arm arm) {
    List<Double> validation =
        arm.measured().stream().map(ArmSeed::validationAccuracy).filter(v -> v != null).toList();
    if (arm.validationAccuracyMean() != null || validation.isEmpty()) {
      return arm;
    }
    return arm.withValidationAccuracyMean(Stats.mean(validation));
  }
}
