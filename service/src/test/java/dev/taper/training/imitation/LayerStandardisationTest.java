package dev.taper.training.imitation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.taper.training.SeededEngine;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.family.mlp.MlpArchitecture;
import dev.taper.training.family.resnet.ResNetArchitecture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A layer about to imitate starts with every unit centred and alive on what it receives. */
@ExtendWith(SeededEngine.class)
class LayerStandardisationTest {

  private static final int WIDTH = 16;

  @Test
  void unitsThatSharedFeaturesSwitchedOffComeAliveWithUnitVariancePreActivations() {
    MlpArchitecture mlp = new MlpArchitecture(WIDTH, 3, WIDTH, 4);
    try (Network network = ModelFamilies.build(mlp, 5, Device.cpu());
        NDManager scope = NDManager.newBaseManager(Device.cpu())) {
      // what a thin layer receives from the one below: ReLU outputs with a large shared part
      NDArray shared = scope.randomUniform(0, 1, new Shape(1, WIDTH)).mul(20);
      NDArray input = scope.randomNormal(new Shape(512, WIDTH)).add(shared).maximum(0);
      assertThat(deadUnits(network, input, scope)).as("dead before").isGreaterThan(0);

      LayerStandardisation.standardise(network, 1, input, scope);

      assertThat(deadUnits(network, input, scope)).as("dead after").isZero();
      NDArray z = preActivation(network, input, scope);
      float[] mean = z.mean(new int[] {0}).toFloatArray();
      float[] std = z.sub(z.mean(new int[] {0})).square().mean(new int[] {0}).sqrt().toFloatArray();
      for (int unit = 0; unit < WIDTH; unit++) {
        assertThat(mean[unit]).as("mean of unit %d", unit).isCloseTo(0f, offset(1e-3f));
        assertThat(std[unit]).as("std of unit %d", unit).isCloseTo(1f, offset(1e-3f));
      }
    }
  }

  @Test
  void familiesWhoseLayersAreNotAnAffineMapAndAReluAreLeftAsTheyAre() {
    var resnet =
        new ResNetArchitecture(
            1, 28, 28, 8, 2, List.of(new ResNetArchitecture.Stage(1, 16, 4)), 10);
    try (Network network = ModelFamilies.build(resnet, 5, Device.cpu());
        NDManager scope = NDManager.newBaseManager(Device.cpu())) {
      List<float[]> before = values(network);
      LayerStandardisation.standardise(
          network, 0, scope.randomNormal(new Shape(8, 1, 28, 28)), scope);
      List<float[]> after = values(network);
      for (int k = 0; k < before.size(); k++) {
        assertThat(after.get(k)).containsExactly(before.get(k));
      }
    }
  }

  private static List<float[]> values(Network network) {
    return network.parameters().stream().map(p -> p.getArray().toFloatArray()).toList();
  }

  private static NDArray preActivation(Network network, NDArray input, NDManager scope) {
    ParameterStore store = new ParameterStore(scope, false);
    return network.firstAffine(1).forward(store, new NDList(input), false).singletonOrThrow();
  }

  /** Units of layer 1 that are zero on every example. */
  private static long deadUnits(Network network, NDArray input, NDManager scope) {
    NDArray out = network.forwardLayer(new ParameterStore(scope, false), 1, input, false);
    return out.max(new int[] {0}).eq(0).sum().getLong();
  }
}
