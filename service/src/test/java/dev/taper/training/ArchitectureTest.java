package dev.taper.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.nn.core.Linear;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.family.NetworkFiles;
import dev.taper.training.family.mlp.MlpArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private final MlpArchitecture thin = new MlpArchitecture(784, 8, 32, 10);

  @Test
  void wideningKeepsDepthAndMultipliesEveryHiddenWidth() {
    MlpArchitecture wide = thin.widen(8);
    assertThat(wide.depth()).isEqualTo(thin.depth());
    assertThat(wide.width()).isEqualTo(8 * thin.width());
    assertThat(wide.inputSize()).isEqualTo(thin.inputSize());
    assertThat(wide.classes()).isEqualTo(thin.classes());

    try (Network built = ModelFamilies.build(wide, 1, Device.cpu())) {
      assertThat(built.layerCount()).isEqualTo(thin.depth());
      for (int i = 0; i < built.layerCount(); i++) {
        Linear affine = built.firstAffine(i);
        assertThat(affine.getParameters().get("weight").getArray().getShape().get(0))
            .isEqualTo(256);
      }
    }
  }

  @Test
  void parameterAndFlopCountsMatchTheLayersByHand() {
    long expected = (784L * 32 + 32) + 7 * (32L * 32 + 32) + (32L * 10 + 10);
    assertThat(thin.parameterCount()).isEqualTo(expected);
    assertThat(thin.flopsPerExample()).isEqualTo(2 * (784L * 32 + 7 * 32L * 32 + 32L * 10));
    try (Network built = ModelFamilies.build(thin, 1, Device.cpu())) {
      assertThat(built.parameterCount()).isEqualTo(expected);
    }
  }

  @Test
  void deeperDoublesTheLayers() {
    assertThat(thin.deepen(2).depth()).isEqualTo(16);
    assertThat(thin.deepen(2).width()).isEqualTo(32);
  }

  @Test
  void impossibleShapesAreRefused() {
    assertThatThrownBy(() -> new MlpArchitecture(784, 0, 32, 10))
        .hasMessageContaining("depth must be >= 1");
    assertThatThrownBy(() -> thin.widen(0)).hasMessageContaining("widen factor must be >= 1");
  }

  @Test
  void architectureJsonRoundTrips() {
    Architecture back = NetworkFiles.readArchitecture(NetworkFiles.architectureJson(thin));
    assertThat(back).isEqualTo(thin);
    assertThat(NetworkFiles.architectureJson(thin)).contains("\"family\" : \"mlp\"");
  }
}
