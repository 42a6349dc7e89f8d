package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

/**
 * Closed-form starting points for the affine maps imitation trains, so each phase starts from the
 * best linear read-out of the thin features instead of a random one. A random lift makes "switch
 * the thin layer off and predict B's mean" the quickest way down the loss, and ReLU units switched
 * off never come back; a fitted lift leaves only useful directions to follow.
 */
public final class AffineFit {

  private AffineFit() {}

  /**
   * Sets {@code target} to the least-squares map from inputs (n, in) to outputs (n, out).
   *
   * <p>The inputs are centred first and the intercept is left out of the ridge, as ridge regression
   * usually does: the ridge is relative to the inputs' mean variance, and a ridge on the
   * intercept's column of ones is nothing when the inputs are of order 1 but everything when they
   * are not. Imitation's normalised losses leave the thin features' scale free: after a joint
   * imitation of a depth-24, width-16 MLP (widen factor 2) the last features had an RMS of 4.5e6,
   * the ridge outweighed the intercept's column by nine orders of magnitude, and S-bar with the
   * fitted head was right on 12.8% of validation examples. A constant input gets no weight.
   */
  static void fit(Linear target, NDArray inputs, NDArray outputs, NDManager scope) {
    fit(target, inputs, outputs, LeastSquares.RELATIVE_RIDGE, scope);
  }

  /**
   * As {@link #fit(Linear, NDArray, NDArray, NDManager)}, with the ridge given: a fraction of the
   * centred inputs' mean variance. A larger ridge gives up a little of the fit to keep weight off
   * directions in which the inputs hardly vary.
   */
  public static void fit(
      Linear target, NDArray inputs, NDArray outputs, double relativeRidge, NDManager scope) {
    int n = Math.toIntExact(inputs.getShape().get(0));
    int in = Math.toIntExact(inputs.getShape().get(1));
    int out = Math.toIntExact(outputs.getShape().get(1));
    NDArray raw = inputs.toType(DataType.FLOAT64, true);
    raw.attach(scope);
    NDArray mean = raw.mean(new int[] {0}, true);
    NDArray x = raw.sub(mean);
    NDArray y = outputs.toType(DataType.FLOAT64, true);
    y.attach(scope);
    NDArray outputMean = y.mean(new int[] {0});
    double[] gram = x.transpose().matMul(x).div(n).toDoubleArray();
    double[] rhs = x.transpose().matMul(y.sub(outputMean)).div(n).toDoubleArray();
    double[] solution = LeastSquares.solve(gram, rhs, in, out, relativeRidge);
    double[] means = mean.toDoubleArray();
    double[] intercepts = outputMean.toDoubleArray();
    float[] weight = new float[out * in];
    float[] bias = new float[out];
    for (int o = 0; o < out; o++) {
      double intercept = intercepts[o];
      for (int i = 0; i < in; i++) {
        double w = solution[i * out + o];
        weight[o * in + i] = (float) w;
        intercept -= w * means[i];
      }
      bias[o] = (float) intercept;
    }
    target.getParameters().get("weight").getArray().set(weight);
    target.getParameters().get("bias").getArray().set(bias);
  }

  /**
   * Sets {@code drop} to the left inverse of {@code lift}: {@code drop(lift(h)) = h} for every h
   * when lift's weight has full column rank, so the next thin layer first sees the thin features
   * themselves.
   */
  static void leftInverse(Linear drop, Linear lift, NDManager scope) {
    NDArray w = lift.getParameters().get("weight").getArray().toType(DataType.FLOAT64, true);
    w.attach(scope);
    NDArray c = lift.getParameters().get("bias").getArray().toType(DataType.FLOAT64, true);
    c.attach(scope);
    int wide = Math.toIntExact(w.getShape().get(0));
    int thin = Math.toIntExact(w.getShape().get(1));
    double[] gram = w.transpose().matMul(w).toDoubleArray();
    double[] wt = w.transpose().toDoubleArray();
    double[] p = LeastSquares.solve(gram, wt, thin, wide);
    NDArray pseudoInverse = scope.create(p, new Shape(thin, wide));
    NDArray bias = pseudoInverse.matMul(c.reshape(-1, 1)).reshape(-1).neg();
    drop.getParameters().get("weight").getArray().set(toFloats(pseudoInverse));
    drop.getParameters().get("bias").getArray().set(toFloats(bias));
  }

  private static float[] toFloats(NDArray array) {
    return array.toType(DataType.FLOAT32, false).toFloatArray();
  }
}
