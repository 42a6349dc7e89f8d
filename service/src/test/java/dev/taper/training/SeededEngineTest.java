package dev.taper.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The tests that draw random inputs rely on the engine's seed deciding every draw. */
class SeededEngineTest {

  @Test
  void aSeededEngineDrawsTheSameInputsEveryTime() {
    SeededEngine seeding = new SeededEngine();

    seeding.beforeEach(null);
    float[] first = draw();
    float[] second = draw();
    seeding.beforeEach(null);
    float[] again = draw();

    assertThat(again).containsExactly(first);
    assertThat(second).isNotEqualTo(first);
  }

  private static float[] draw() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      return manager.randomNormal(new Shape(16)).toFloatArray();
    }
  }
}
