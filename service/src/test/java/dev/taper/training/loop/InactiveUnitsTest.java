package dev.taper.training.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.core.Linear;
import dev.taper.training.EngineFixtures;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
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
