package dev.taper.bench;

import dev.taper.training.Progress;
import dev.taper.training.ProgressListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the validation accuracy a supervised stage measures after each epoch (and after a last
 * partial one), passing every report on: which epoch early stopping kept is then in the result, not
 * only the accuracy it kept.
 */
final class ValidationCurve implements ProgressListener {

  private final ProgressListener next;
  private final List<Double> percents = new ArrayList<>();

  ValidationCurve(ProgressListener next) {
    this.next = next;
  }

  @Override
  public void onProgress(Progress progress) {
    next.onProgress(progress);
  }

  @Override
  public synchronized void onValidation(int epoch, double accuracy) {
    percents.add(100 * accuracy);
    next.onValidation(epoch, accuracy);
  }

  /** In percent, in the order the epochs ended; empty for a stage without epochs (imitation). */
  synchronized List<Double> percents() {
    return List.copyOf(percents);
  }
}
