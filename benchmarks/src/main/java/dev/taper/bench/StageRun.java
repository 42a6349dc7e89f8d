package dev.taper.bench;

import dev.taper.training.ModelMetrics;
import dev.taper.training.StageOutcome;

/**
 * One stage's run in a study: its outcome and wall time, or why it failed. Closing it frees the
 * outcome's network (a failed run holds none).
 *
 * @param outcome null when the stage failed
 * @param wallSeconds measured around {@code Stage.run}, upload and evaluation included
 * @param error the failure in one line, null when the stage succeeded
 */
record StageRun(StageOutcome outcome, double wallSeconds, String error) implements AutoCloseable {

  static StageRun failed(String error) {
    return new StageRun(null, Double.NaN, error);
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
