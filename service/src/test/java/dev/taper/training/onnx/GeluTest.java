package dev.taper.training.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import org.junit.jupiter.api.Test;

/**
 * The exported GELU is the one DJL's geluBlock computes (libtorch's default, exact erf form), and
 * the check is sharp enough to tell it from the tanh approximation.
 */
class GeluTest {

  @Test
  void theExportedGeluIsDjlsExactGeluNotTheTanhApproximation() {
    float[] x = new float[16 * 1024 + 1];
    for (int i = 0; i < x.length; i++) {
      x[i] = -8f + i / 1024f;
    }
    float[] djl;
    try (NDManager manager = NDManager.newBaseManager()) {
      djl = Activation.gelu(manager.create(x)).toFloatArray();
    }
    float[] exported =
        GraphRuns.run(
            x,
            new long[] {x.length},
            (graph, input) -> new NetworkGraph(graph, Precision.FP32.encoding()).gelu(input));

    double exportedDifference = 0;
    double tanhDifference = 0;
    for (int i = 0; i < x.length; i++) {
      exportedDifference = Math.max(exportedDifference, Math.abs(exported[i] - djl[i]));
      tanhDifference = Math.max(tanhDifference, Math.abs(tanhGelu(x[i]) - djl[i]));
    }
    assertThat(exportedDifference).isLessThan(1e-6);
    assertThat(tanhDifference).isGreaterThan(1e-4);
  }

  private static double tanhGelu(double x) {
    return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
  }
}
