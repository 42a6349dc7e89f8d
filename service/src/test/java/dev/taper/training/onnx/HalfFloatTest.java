package dev.taper.training.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HalfFloatTest {

  @Test
  void everyHalfExceptNanSurvivesARoundTripThroughFloat() {
    for (int bits = 0; bits <= 0xffff; bits++) {
      short half = (short) bits;
      boolean nan = (bits & 0x7c00) == 0x7c00 && (bits & 0x03ff) != 0;
      if (!nan) {
        assertThat(HalfFloat.fromFloat(HalfFloat.toFloat(half)))
            .as("half 0x%04x", bits)
            .isEqualTo(half);
      }
    }
  }

  @Test
  void roundsToNearestWithTiesToEven() {
    assertThat(HalfFloat.fromFloat(1f + 0x1p-11f)).isEqualTo((short) 0x3c00);
    assertThat(HalfFloat.fromFloat(1f + 3 * 0x1p-11f)).isEqualTo((short) 0x3c02);
    assertThat(HalfFloat.fromFloat(1f + 0x1p-11f + 0x1p-20f)).isEqualTo((short) 0x3c01);
    assertThat(HalfFloat.fromFloat(65504f)).isEqualTo((short) 0x7bff);
    assertThat(HalfFloat.fromFloat(65519.99f)).isEqualTo((short) 0x7bff);
    assertThat(HalfFloat.fromFloat(65520f)).isEqualTo((short) 0x7c00);
    assertThat(HalfFloat.fromFloat(-1e9f)).isEqualTo((short) 0xfc00);
    assertThat(HalfFloat.fromFloat(0x1p-24f)).isEqualTo((short) 0x0001);
    assertThat(HalfFloat.fromFloat(0x1p-25f)).isEqualTo((short) 0x0000);
    assertThat(HalfFloat.fromFloat(1.5f * 0x1p-25f)).isEqualTo((short) 0x0001);
    assertThat(HalfFloat.fromFloat(-0f)).isEqualTo((short) 0x8000);
    assertThat(HalfFloat.toFloat(HalfFloat.fromFloat(Float.NaN))).isNaN();
  }

  @Test
  void agreesBitForBitWithOnnxRuntimesCast() {
    SplittableRandom random = new SplittableRandom(3);
    float[] x = new float[100_000];
    for (int i = 0; i < x.length; i++) {
      // magnitudes from half's subnormals to beyond its largest value
      x[i] = (float) ((random.nextBoolean() ? 1 : -1) * Math.pow(2, random.nextDouble(-26, 17)));
    }
    float[] viaOrt =
        GraphRuns.run(
            x,
            new long[] {x.length},
            (graph, input) -> {
              String half =
                  graph
                      .op("Cast")
                      .input(input)
                      .attribute("to", TensorProto.DataType.FLOAT16.getNumber())
                      .output("half");
              return graph
                  .op("Cast")
                  .input(half)
                  .attribute("to", TensorProto.DataType.FLOAT.getNumber())
                  .output("back");
            });
    for (int i = 0; i < x.length; i++) {
      assertThat(HalfFloat.toFloat(HalfFloat.fromFloat(x[i])))
          .as("x = %s", x[i])
          .isEqualTo(viaOrt[i]);
    }
  }
}
