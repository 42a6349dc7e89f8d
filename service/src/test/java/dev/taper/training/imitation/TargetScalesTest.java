package dev.taper.training.imitation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.taper.training.SeededEngine;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.family.mlp.MlpArchitecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The lifts compare with each of the teacher's block outputs at unit scale, however deep. */
@ExtendWith(SeededEngine.class)
class TargetScalesTest {

  @Test
  void everyBlockOutputOfAGrowingTeacherComesOutAtUnitRms() {
    MlpArchitecture mlp = new MlpArchitecture(12, 5, 32, 3);
    try (Network teacher = ModelFamilies.build(mlp, 11, Device.cpu());
        NDManager scope = NDManager.newBaseManager(Device.cpu())) {
      // a trained deep teacher's activations grow with depth: here by 4x a layer
      for (int i = 0; i < mlp.depth(); i++) {
        teacher.firstAffine(i).getParameters().get("weight").getArray().muli(4f);
      }
      NDArray x = scope.randomNormal(new Shape(256, 12));

      TargetScales scales = TargetScales.measure(teacher, x);

      assertThat(scales.rms()).hasSize(mlp.depth());
      assertThat(scales.rms().get(mlp.depth() - 1)).isGreaterThan(100 * scales.rms().get(0));
      ParameterStore store = new ParameterStore(scope, false);
      NDArray b = x;
      for (int i = 0; i < mlp.depth(); i++) {
        b = teacher.forwardLayer(store, i, b, false);
        double rms = Math.sqrt(scales.scaled(i, b).square().mean().getFloat());
        assertThat(rms).as("layer %d", i).isCloseTo(1.0, offset(1e-4));
      }
    }
  }

  @Test
  void withoutScalesTheTeachersOutputsAreComparedAsTheyAre() {
    try (NDManager scope = NDManager.newBaseManager(Device.cpu())) {
      NDArray b = scope.randomNormal(new Shape(4, 6)).mul(50);
      assertThat(TargetScales.NONE.scaled(2, b).toFloatArray()).containsExactly(b.toFloatArray());
    }
  }
}
