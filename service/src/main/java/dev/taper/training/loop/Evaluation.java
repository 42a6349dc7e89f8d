package dev.taper.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.taper.training.family.Network;

/** Accuracy and mean cross-entropy of a network on a split, in inference mode. */
public record Evaluation(double accuracy, double loss, int examples) {

  private static final int BATCH = 1000;

  public static Evaluation of(Network network, DeviceSplit split) {
    if (split.size() == 0) {
      return new Evaluation(Double.NaN, Double.NaN, 0);
    }
    long correct = 0;
    double lossSum = 0;
    ParameterStore store = new ParameterStore(network.manager(), false);
    for (int from = 0; from < split.size(); from += BATCH) {
      int to = Math.min(split.size(), from + BATCH);
      try (NDManager scope = network.manager().newSubManager()) {
        NDArray x = split.featureRange(from, to, scope);
        NDArray y = split.labelRange(from, to, scope);
        NDArray logits = network.logits(store, x, false);
        lossSum += Losses.crossEntropy(logits, y).getFloat() * (double) (to - from);
        correct += logits.argMax(1).eq(y).sum().getLong();
      }
    }
    return new Evaluation(correct / (double) split.size(), lossSum / split.size(), split.size());
  }
}
