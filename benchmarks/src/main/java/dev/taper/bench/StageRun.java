package dev.taper.bench;

import dev.taper.training.ModelMetrics;
import dev.taper.training.StageOutcome;
import java.util.List;

/**
 * One stage's run in a study: its outcome and wall time, or why it failed. Closing it frees the
 * outcome's network (a failed run holds none).
 *
 * @param outcome null when the stage failed
 * @param wallSeconds measured around {@code Stage.run}, upload and evaluation included
 * @param validationByEpoch validation accuracy in percent after each epoch ({@link
 *     ValidationCurve}); empty for a stage without epochs, or a failed one
 * @param error the failure in one line, null when the stage succeeded
 * @param replayed read back from a study's journal: {@code wallSeconds} is the time recorded when
 *     the run trained, under that process's load, not this one's
 */
record StageRun(
    StageOutcome outcome,
    double wallSeconds,
    List<Double> validationByEpoch,
    String error,
    boolean replayed)
    implements AutoCloseable {

  StageRun {
    validationByEpoch = validationByEpoch == null ? List.of() : List.copyOf(validationByEpoch);
  }

  static StageRun failed(String error) {
    return new StageRun(null, Double.NaN, List.of(), error, false);
  }

  boolean ok() {
    return outcome != null;
  }

  ModelMetrics metrics() {
    return outcome.metrics();
  }

  @Override
  public void close() {
    if (outcome != null) {
      outcome.close();
    }
  }
}
