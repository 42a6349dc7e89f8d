package dev.taper.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.taper.training.EarlyStopping;
import dev.taper.training.ProgressListener;
import dev.taper.training.family.Network;
import java.util.List;
import java.util.Map;

/**
 * Validation accuracy at the end of every epoch, reported to the stage's listener, and early
 * stopping on it: the best epoch's parameters (state included) are kept, training ends once {@code
 * patience} epochs passed without a gain of {@code minDelta}, and the best parameters are put back.
 *
 * <p>The end of a last, partial epoch is measured and reported too (a baseline's budget is a
 * fractional number of epochs), so the last report is the network the stage ends with. With early
 * stopping the network training starts from is a candidate as well: a fine-tuning that only loses
 * validation accuracy gives back the network it was handed, and the last steps are never thrown
 * away unmeasured.
 */
final class EpochValidation {

  private static final String BEST = "earlyStopping.best";
  private static final String BEST_EPOCH = "earlyStopping.bestEpoch";
  private static final String SINCE_BEST = "earlyStopping.epochsSinceBest";

  private final Network network;
  private final DeviceSplit validation;
  private final EarlyStopping rule;
  private final ProgressListener listener;
  private final NDManager scope;
  private double best = Double.NEGATIVE_INFINITY;
  private int bestEpoch = -1;
  private int sinceBest;
  private NDList bestParameters;

  /**
   * @param validation the split to measure, or null to measure nothing
   * @param scope holds the copies of the best parameters; the caller closes it
   */
  EpochValidation(
      Network network,
      DeviceSplit validation,
      EarlyStopping rule,
      ProgressListener listener,
      NDManager scope) {
    this.network = network;
    this.validation = validation;
    this.rule = rule;
    this.listener = listener;
    this.scope = scope;
  }

  /** Measures the network before its first step as the first candidate, epoch -1 (not reported). */
  void trainingStarts() {
    if (measures() && rule.enabled()) {
      consider(-1, Evaluation.of(network, validation).accuracy());
    }
  }

  void epochEnded(int epoch) {
    if (!measures()) {
      return;
    }
    double accuracy = Evaluation.of(network, validation).accuracy();
    listener.onValidation(epoch, accuracy);
    if (rule.enabled()) {
      consider(epoch, accuracy);
    }
  }

  /**
   * Training ended after {@code epoch} began but before it ended (a budget counts examples, so it
   * can end a few steps into an epoch): that network is measured and reported as the epoch's like
   * any other, so the last report is always the network training ends with, and keeping the best
   * never discards it unseen.
   */
  void partialEpochEnded(int epoch) {
    epochEnded(epoch);
  }

  private boolean measures() {
    return validation != null && validation.size() > 0;
  }

  private void consider(int epoch, double accuracy) {
    if (accuracy > best + rule.minDelta()) {
      best = accuracy;
      bestEpoch = epoch;
      sinceBest = 0;
      keep(copies(network.parameters()));
    } else {
      sinceBest++;
    }
  }

  boolean patienceRanOut() {
    return rule.enabled() && sinceBest >= rule.patience();
  }

  /** Puts the best epoch's parameters back, when early stopping kept any. */
  void keepBest() {
    if (bestParameters == null) {
      return;
    }
    List<Parameter> parameters = network.parameters();
    for (int i = 0; i < parameters.size(); i++) {
      InPlace.copy(bestParameters.get(i), parameters.get(i).getArray());
    }
  }

  PhaseState state() {
    if (bestParameters == null) {
      return PhaseState.NONE;
    }
    return new PhaseState(
        Map.of(BEST, best, BEST_EPOCH, (double) bestEpoch, SINCE_BEST, (double) sinceBest),
        bestParameters);
  }

  void restore(PhaseState state) {
    if (!state.values().containsKey(BEST)) {
      return;
    }
    best = state.values().get(BEST);
    bestEpoch = state.values().get(BEST_EPOCH).intValue();
    sinceBest = state.values().get(SINCE_BEST).intValue();
    NDList restored = new NDList();
    for (NDArray array : state.arrays()) {
      NDArray copy = array.duplicate();
      copy.attach(scope);
      restored.add(copy);
    }
    keep(restored);
  }

  private NDList copies(List<Parameter> parameters) {
    NDList copies = new NDList();
    for (Parameter parameter : parameters) {
      NDArray copy = parameter.getArray().duplicate();
      copy.attach(scope);
      copies.add(copy);
    }
    return copies;
  }

  private void keep(NDList parameters) {
    if (bestParameters != null) {
      bestParameters.close();
    }
    bestParameters = parameters;
  }
}
