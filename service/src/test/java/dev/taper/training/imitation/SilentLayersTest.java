package dev.taper.training.imitation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.taper.training.EngineFixtures;
import dev.taper.training.TrainingDivergedException;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.loop.DeviceSplits;
import dev.taper.training.loop.InactiveUnits;
import java.util.List;
import org.junit.jupiter.api.Test;

class SilentLayersTest {

  @Test
  void layersWithSomeActiveUnitsPass() {
    assertThatCode(() -> SilentLayers.requireEveryLayerActive(List.of(0.0, 0.94, 0.5)))
        .doesNotThrowAnyException();
    assertThatCode(() -> SilentLayers.requireEveryLayerActive(List.of()))
        .doesNotThrowAnyException();
  }

  @Test
  void theLowestSilentLayerIsNamedWithWhatToTry() {
    assertThatThrownBy(() -> SilentLayers.requireEveryLayerActive(List.of(0.1, 1.0, 1.0)))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("layer 1 with no unit active")
        .hasMessageContaining("imitate.optimizer.learningRate");
  }

  /** A layer whose biases hold every unit below zero is measured as silent and refused. */
  @Test
  void aNetworkWithADeadLayerIsRefused() {
    Device cpu = Device.cpu();
    try (Network network = ModelFamilies.build(EngineFixtures.THIN, EngineFixtures.SEED, cpu);
        DeviceSplits splits =
            DeviceSplits.upload(EngineFixtures.data(), EngineFixtures.THIN.inputShape(), cpu)) {
      network.firstAffine(1).getParameters().get("bias").getArray().subi(1e4f);
      List<Double> shares = InactiveUnits.perLayer(network, splits.train());
      assertThat(shares.get(1)).isEqualTo(1.0);
      assertThatThrownBy(() -> SilentLayers.requireEveryLayerActive(shares))
          .hasMessageContaining("layer 1 ");
    }
  }
}
