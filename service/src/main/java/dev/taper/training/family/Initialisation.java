package dev.taper.training.family;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.SplittableRandom;

/** He-uniform weights (ReLU networks), zero biases, drawn from a seeded Java RNG. */
final class Initialisation {

  private Initialisation() {}

  static void fill(Parameter parameter, SplittableRandom random) {
    fillLinear(parameter, random);
  }

  static void fillLinear(Parameter parameter, SplittableRandom random) {
    NDArray array = parameter.getArray();
    float[] values = new float[Math.toIntExact(array.size())];
    if (parameter.getType() == Parameter.Type.WEIGHT) {
      long fanIn = array.getShape().size() / array.getShape().get(0);
      double bound = Math.sqrt(6.0 / fanIn);
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
      }
    }
    array.set(values);
  }
}
