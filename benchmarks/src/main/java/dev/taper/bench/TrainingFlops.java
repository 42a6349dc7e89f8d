package dev.taper.bench;

import dev.taper.training.ModelMetrics;
import java.util.function.ToDoubleFunction;

/**
 * What training a model cost in FLOPs in its own stage: the engine's count ({@link
 * ModelMetrics#trainingFlops}: every pass its steps and fits ran, trained passes three times, the
 * teacher's reads included). A run without a count (0 in a journal written before the engine
 * counted, NaN for a stage resumed from a checkpoint written then) is costed as studies costed runs
 * then (benchmarks/README.md): three forward passes of the model per training example, plus one of
 * the teacher per example it taught. That is the engine's count for a supervised stage without a
 * head-only phase or calibration, and not for imitation.
 */
final class TrainingFlops {

  private TrainingFlops() {}

  /** A stage trained without a teacher. */
  static double training(ModelMetrics model) {
    return counted(model) ? model.trainingFlops() : legacy(model, 0);
  }

  /** Costs of stages taught by {@code teacher} (imitation, distillation). */
  static ToDoubleFunction<ModelMetrics> taughtBy(ModelMetrics teacher) {
    return m -> counted(m) ? m.trainingFlops() : legacy(m, teacher.flopsPerExample());
  }

  private static boolean counted(ModelMetrics model) {
    return model.trainingFlops() > 0;
  }

  private static double legacy(ModelMetrics model, long teacherFlopsPerExample) {
    return (3.0 * model.flopsPerExample() + teacherFlopsPerExample) * model.thinExamplesSeen();
  }
}
