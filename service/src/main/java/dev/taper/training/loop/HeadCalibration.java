package dev.taper.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.taper.training.family.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits one temperature to a network's logits on training examples and folds it into the read-out
 * (its weights and bias divided by T), so the network decides exactly as before but its confidence
 * matches its accuracy.
 *
 * <p>Why: imitation teaches the thin head B's logits at a temperature, which fixes their ranking
 * more than their scale. An imitated network can then be right 79% of the time with a cross-entropy
 * of 1.3, and the labels' gradient goes first into confidence rather than decisions. Measured, it
 * helps little: +0.12 on the walk-through's validation accuracy, and one seed of three on the
 * depth-24 MLP, whose fine-tuning stalls for other reasons too (docs/method.md).
 */
final class HeadCalibration {

  private static final Logger log = LoggerFactory.getLogger(HeadCalibration.class);

  /** Training examples the temperature is fitted on. */
  static final int EXAMPLES = 8192;

  private static final int CHUNK = 512;

  private HeadCalibration() {}

  /** What calibrating costs ({@link PassFlops}): the network's forward pass over its examples. */
  static double flops(Network network, DeviceSplit train) {
    int n = Math.min(EXAMPLES, train.size());
    return PassFlops.untrained(network.architecture().flopsPerExample()) * n;
  }

  /**
   * @return the fitted temperature
   */
  static double calibrate(String stage, Network network, DeviceSplit train) {
    int n = Math.min(EXAMPLES, train.size());
    if (n == 0) {
      return 1;
    }
    try (NDManager scope = network.manager().newSubManager()) {
      float[] logits = logits(network, train, n, scope);
      long[] labels = train.labelRange(0, n, scope).toType(DataType.INT64, false).toLongArray();
      int classes = network.architecture().classes();
      double temperature = Temperature.fit(logits, labels, classes);
      Linear readout = network.readout();
      InPlace.scale(readout.getParameters().get("weight").getArray(), 1 / temperature, scope);
      InPlace.scale(readout.getParameters().get("bias").getArray(), 1 / temperature, scope);
      log.info(
          "{}: read-out calibrated at temperature {} on {} training examples (cross-entropy {}"
              + " -> {})",
          stage,
          String.format("%.4g", temperature),
          n,
          String.format("%.4f", Temperature.crossEntropy(logits, labels, classes, 1)),
          String.format("%.4f", Temperature.crossEntropy(logits, labels, classes, temperature)));
      return temperature;
    }
  }

  private static float[] logits(Network network, DeviceSplit train, int n, NDManager scope) {
    ParameterStore store = new ParameterStore(network.manager(), false);
    int classes = network.architecture().classes();
    float[] all = new float[n * classes];
    for (int from = 0; from < n; from += CHUNK) {
      int to = Math.min(n, from + CHUNK);
      try (NDManager chunk = scope.newSubManager()) {
        NDArray x = train.featureRange(from, to, chunk);
        float[] z = network.logits(store, x, false).toType(DataType.FLOAT32, false).toFloatArray();
        System.arraycopy(z, 0, all, from * classes, z.length);
      }
    }
    return all;
  }
}
