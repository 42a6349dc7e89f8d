package dev.taper.training.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.taper.training.EngineFixtures;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The share of each layer's units that no probe example switches on. */
class InactiveUnitsTest {

  @Test
  void unitsThatNoExampleSwitchesOnAreCountedInTheirLayer() {
    try (Network network = ModelFamilies.build(EngineFixtures.THIN, 2, Device.cpu());
        DeviceSplit train =
            DeviceSplit.upload(
                EngineFixtures.data().train(), EngineFixtures.THIN.inputShape(), Device.cpu())) {
      List<Double> fresh = InactiveUnits.perLayer(network, train);
      // four of layer 1's sixteen units computing -1 whatever they receive: ReLU keeps them at 0
      Linear layer1 = network.firstAffine(1);
      layer1.getParameters().get("weight").getArray().set(new NDIndex("0:4"), 0f);
      layer1.getParameters().get("bias").getArray().set(new NDIndex("0:4"), -1f);

      List<Double> killed = InactiveUnits.perLayer(network, train);

      assertThat(fresh).hasSize(network.layerCount());
      assertThat(fresh.get(1)).as("no dead unit in layer 1 before").isZero();
      assertThat(killed).hasSize(network.layerCount());
      assertThat(killed.get(0)).isEqualTo(fresh.get(0));
      assertThat(killed.get(1)).isCloseTo(4 / 16.0, within(1e-12));
    }
  }

  @Test
  void countingInChunksAgreesWithOnePassOverEveryProbeExample() {
    Network teacher = EngineFixtures.teacher().network();
    try (DeviceSplit train =
            DeviceSplit.upload(
                EngineFixtures.data().train(), EngineFixtures.THIN.inputShape(), Device.cpu());
        NDManager scope = NDManager.newBaseManager()) {
      int n = Math.min(InactiveUnits.EXAMPLES, train.size());
      assertThat(n).as("the probe spans several chunks").isGreaterThan(256);
      ParameterStore store = new ParameterStore(teacher.manager(), false);
      NDArray h = train.featureRange(0, n, scope);
      List<Double> onePass = new ArrayList<>();
      for (int i = 0; i < teacher.layerCount(); i++) {
        h = teacher.forwardLayer(store, i, h, false);
        NDArray largest = h.abs().max(new int[] {0});
        long active = largest.countNonzero().getLong();
        onePass.add((largest.size() - active) / (double) largest.size());
      }

      assertThat(InactiveUnits.perLayer(teacher, train)).isEqualTo(onePass);
    }
  }

  @Test
  void anEmptySplitHasNothingToCount() {
    try (Network network = ModelFamilies.build(EngineFixtures.THIN, 2, Device.cpu());
        DeviceSplit none =
            DeviceSplit.upload(
                EngineFixtures.data().train().head(0),
                EngineFixtures.THIN.inputShape(),
                Device.cpu())) {
      assertThat(InactiveUnits.perLayer(network, none)).isEmpty();
    }
  }
}
