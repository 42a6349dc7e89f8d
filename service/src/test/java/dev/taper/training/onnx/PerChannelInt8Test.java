package dev.taper.training.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PerChannelInt8Test {

  @Test
  void eachChannelGetsItsOwnScaleAlongTheAxis() {
    // (in 2, out 3) as NetworkGraph stores a linear map; channel c is column c
    float[] w = {1f, -20f, 0f, -0.5f, 10f, 0f};
    PerChannelInt8 q = PerChannelInt8.quantise(w, new long[] {2, 3}, 1);

    assertThat(q.scales()).containsExactly(1f / 127, 20f / 127, 1f);
    assertThat(q.values()).containsExactly(127, -127, 0, -64, 64, 0);
  }

  @Test
  void restoresEveryWeightToWithinHalfAStep() {
    SplittableRandom random = new SplittableRandom(5);
    long[] dims = {8, 3, 3, 3};
    float[] w = new float[8 * 27];
    for (int i = 0; i < w.length; i++) {
      // channels of very different scales, as convolution kernels with BatchNorm folded in have
      w[i] = (float) (random.nextGaussian() * Math.pow(10, i / 27 - 4));
    }
    PerChannelInt8 q = PerChannelInt8.quantise(w, dims, 0);
    float[] restored = q.dequantise(dims, 0);

    for (int i = 0; i < w.length; i++) {
      float scale = q.scales()[i / 27];
      assertThat(restored[i]).isCloseTo(w[i], within(scale / 2 * 1.0001f));
    }
    for (byte level : q.values()) {
      assertThat((int) level).isBetween(-127, 127);
    }
  }
}
