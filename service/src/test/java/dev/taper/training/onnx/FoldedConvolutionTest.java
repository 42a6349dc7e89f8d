package dev.taper.training.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A folded convolution computes what DJL's convolution then inference-mode BatchNorm compute. */
class FoldedConvolutionTest {

  private final SplittableRandom random = new SplittableRandom(13);

  @Test
  void foldingMatchesConvolutionThenBatchNormWithRunningStatistics() {
    int out = 6;
    long[] kernelDims = {out, 3, 3, 3};
    float[] kernel = gaussian(out * 27, 0.5);
    float[] bias = gaussian(out, 1);
    float[] gamma = gaussian(out, 1);
    float[] beta = gaussian(out, 1);
    float[] mean = gaussian(out, 2);
    float[] variance = new float[out];
    for (int c = 0; c < out; c++) {
      // very different spreads per channel, down to below epsilon
      variance[c] = (float) Math.pow(10, random.nextDouble(-6, 2));
    }
    FoldedConvolution folded =
        FoldedConvolution.fold(
            kernel, kernelDims, bias, gamma, beta, mean, variance, NetworkGraph.NORM_EPSILON);

    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(gaussian(2 * 3 * 8 * 8, 1), new Shape(2, 3, 8, 8));
      Shape stride = new Shape(1, 1);
      Shape padding = new Shape(1, 1);
      NDArray convolved =
          Conv2d.conv2d(
                  x,
                  manager.create(kernel, new Shape(kernelDims)),
                  manager.create(bias),
                  stride,
                  padding)
              .singletonOrThrow();
      NDArray expected =
          BatchNorm.batchNorm(
                  convolved,
                  manager.create(mean),
                  manager.create(variance),
                  manager.create(gamma),
                  manager.create(beta),
                  1,
                  0.9f,
                  NetworkGraph.NORM_EPSILON,
                  false)
              .singletonOrThrow();
      NDArray actual =
          Conv2d.conv2d(
                  x,
                  manager.create(folded.kernel(), new Shape(kernelDims)),
                  manager.create(folded.bias()),
                  stride,
                  padding)
              .singletonOrThrow();

      float scale = expected.abs().max().getFloat();
      assertThat(actual.sub(expected).abs().max().getFloat()).isLessThan(1e-5f * scale);
    }
  }

  private float[] gaussian(int n, double std) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return values;
  }
}
