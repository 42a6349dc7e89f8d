package dev.taper.training.family;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Initial values drawn from a seeded Java RNG: He-uniform weights for ReLU networks, Xavier-uniform
 * for Transformers, small normal position embeddings and class tokens, zero biases, unit
 * normalisation scales, and running statistics of a standard normal.
 */
public final class Initialisation {

  /** How weight matrices and convolution kernels are scaled. */
  public enum Scheme {
    /** Variance 2 / fanIn: keeps ReLU activations' scale through depth. */
    HE,
    /** Variance 2 / (fanIn + fanOut): the usual choice for attention and GELU networks. */
    XAVIER
  }

  /** Standard deviation of position embeddings and class tokens (as in BERT and ViT). */
  private static final double EMBEDDING_STD = 0.02;

  private Initialisation() {}

  static void fill(Parameter parameter, Scheme scheme, SplittableRandom random) {
    NDArray array = parameter.getArray();
    float[] values = new float[Math.toIntExact(array.size())];
    switch (parameter.getType()) {
      case WEIGHT -> {
        long fanOut = array.getShape().get(0);
        long fanIn = array.getShape().size() / fanOut;
        long receptive = array.getShape().dimension() > 2 ? array.getShape().size(2) : 1;
        double bound =
            scheme == Scheme.HE
                ? Math.sqrt(6.0 / fanIn)
                : Math.sqrt(6.0 / (fanIn + fanOut * receptive));
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
      }
      case GAMMA, RUNNING_VAR -> Arrays.fill(values, 1f);
      case OTHER -> {
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) (random.nextGaussian() * EMBEDDING_STD);
        }
      }
      default -> {
        // biases, shifts and running means start at zero
      }
    }
    array.set(values);
  }

  /** He-uniform weight and zero bias of a Linear layer (the imitation pairs). */
  public static void fillLinear(Parameter parameter, SplittableRandom random) {
    fill(parameter, Scheme.HE, random);
  }
}
