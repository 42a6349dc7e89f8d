package dev.taper.bench;

import dev.taper.bench.StudyResult.ArmSeed;
import dev.taper.bench.StudyResult.GridPoint;
import dev.taper.training.ModelMetrics;
import java.util.List;

/** Turns the engine's {@link ModelMetrics} into a study's per-seed records (percent accuracies). */
final class ArmSeeds {

  private ArmSeeds() {}

  /**
   * @param replayed whether the run was read back from the study's journal
   * @param validationByEpoch the run's validation accuracy (percent) after each epoch
   * @param recipe the digest of the run's recipe ({@link RunRecipe#digest})
   * @param flops what this model cost, teacher included where it needed one
   * @param flopsWithGrid the same with every grid point's training
   */
  static ArmSeed measured(
      long seed,
      ModelMetrics m,
      double wallSeconds,
      boolean replayed,
      List<Double> validationByEpoch,
      double learningRate,
      String recipe,
      double flops,
      double flopsWithGrid,
      List<GridPoint> grid) {
    return new ArmSeed(
        seed,
        100 * m.testAccuracy(),
        m.testLoss(),
        wallSeconds,
        100 * m.validationAccuracy(),
        validationByEpoch,
        m.wallSeconds(),
        m.samplesPerSecond(),
        m.thinExamplesSeen(),
        m.sizeBytes(),
        m.parameterCount(),
        m.flopsPerExample(),
        learningRate,
        null,
        m.inactiveUnitsPerLayer(),
        flops,
        flopsWithGrid,
        grid,
        false,
        null,
        replayed,
        recipe);
  }

  /**
   * THIN: fine-tuning's model, charged with imitation's time and examples too; its validation
   * accuracy by epoch is fine-tuning's.
   *
   * @param replayed whether imitation's or fine-tuning's run was read back from the journal
   * @param recipe the digest of fine-tuning's recipe, which holds imitation's and the teacher's
   */
  static ArmSeed thin(
      long seed,
      ModelMetrics finetune,
      double finetuneWall,
      List<Double> finetuneValidationByEpoch,
      ModelMetrics warmed,
      double warmedWall,
      boolean replayed,
      double learningRate,
      String recipe,
      double flops,
      double flopsWithGrid,
      List<GridPoint> grid) {
    return new ArmSeed(
        seed,
        100 * finetune.testAccuracy(),
        finetune.testLoss(),
        warmedWall + finetuneWall,
        100 * finetune.validationAccuracy(),
        finetuneValidationByEpoch,
        warmed.wallSeconds() + finetune.wallSeconds(),
        finetune.samplesPerSecond(),
        warmed.thinExamplesSeen() + finetune.thinExamplesSeen(),
        finetune.sizeBytes(),
        finetune.parameterCount(),
        finetune.flopsPerExample(),
        learningRate,
        Double.isNaN(finetune.headTemperature()) ? null : finetune.headTemperature(),
        finetune.inactiveUnitsPerLayer(),
        flops,
        flopsWithGrid,
        grid,
        false,
        null,
        replayed,
        recipe);
  }
}
