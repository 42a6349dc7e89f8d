package dev.taper.training.imitation;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Balancing keeps the function and brings every layer's output to an RMS of 1. */
@ExtendWith(SeededEngine.class)
class ActivationBalanceTest {

  @Test
  void aBadlyScaledMlpComputesTheSameLogitsWithUnitScaleLayers() {
    MlpArchitecture mlp = new MlpArchitecture(20, 6, 8, 5);
    try (Network network = ModelFamilies.build(mlp, 3, Device.cpu());
        NDManager scope = NDManager.newBaseManager(Device.cpu())) {
      // what a deep imitation leaves: layers whose outputs are in the thousands
      for (int i = 0; i < mlp.depth(); i++) {
        NDArray weight = network.firstAffine(i).getParameters().get("weight").getArray();
        weight.muli(i % 2 == 0 ? 40f : 3f);
      }
      NDArray x = scope.randomNormal(new Shape(256, 20));
      ParameterStore store = new ParameterStore(scope, false);
      float[] before = network.logits(store, x, false).toFloatArray();

      ActivationBalance.balance(network, x, scope);

      float[] after = network.logits(store, x, false).toFloatArray();
      double scale = 0;
      double difference = 0;
      for (int k = 0; k < before.length; k++) {
        scale = Math.max(scale, Math.abs(before[k]));
        difference = Math.max(difference, Math.abs(before[k] - after[k]));
      }
      assertThat(scale).as("the unbalanced logits are large").isGreaterThan(1e3);
      assertThat(difference / scale).isLessThan(1e-5);
      NDArray h = x;
      for (int i = 0; i < mlp.depth(); i++) {
        h = network.forwardLayer(store, i, h, false);
        double rms = Math.sqrt(h.square().mean().getFloat());
        assertThat(rms).as("layer %d", i).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
      }
    }
  }
}
