package dev.taper.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's practical peak through the same libtorch: GFLOP/s of a float32 {@code
 * NDArray.matMul} of two N x N matrices (2 N^3 FLOPs), per timed repetition after a warm-up.
 */
final class MatmulPeak {

  static final int N = 1024;

  private MatmulPeak() {}

  static List<Timed.Rate> measure(int warmup, int repetitions) {
    List<Timed.Rate> gflops = new ArrayList<>();
    double flops = 2.0 * N * N * N;
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray a = manager.randomUniform(-1, 1, new Shape(N, N));
      NDArray b = manager.randomUniform(-1, 1, new Shape(N, N));
      for (int i = 0; i < warmup + repetitions; i++) {
        try (NDManager scope = manager.newSubManager()) {
          // CPU ops run synchronously; reading one value makes sure the product exists
          Timed t =
              Timed.of(
                  () -> {
                    NDArray c = a.matMul(b);
                    c.attach(scope);
                    c.getFloat(0, 0);
                  });
          if (i >= warmup) {
            gflops.add(t.rate(flops / 1e9));
          }
        }
      }
    }
    return gflops;
  }
}
