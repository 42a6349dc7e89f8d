package dev.taper.training.family.resnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.taper.training.SeededEngine;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.family.NetworkFiles;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeededEngine.class)
class ResNetArchitectureTest {

  private final ResNetArchitecture thin =
      new ResNetArchitecture(
          1,
          28,
          28,
          16,
          1,
          List.of(new ResNetArchitecture.Stage(2, 32, 8), new ResNetArchitecture.Stage(2, 64, 16)),
          10);

  @Test
  void wideningMultipliesOnlyTheInnerChannels() {
    ResNetArchitecture wide = thin.widen(4);
    assertThat(wide.imitationLayers()).isEqualTo(thin.imitationLayers()).isEqualTo(5);
    assertThat(wide.stemChannels()).isEqualTo(thin.stemChannels());
    for (int s = 0; s < thin.stages().size(); s++) {
      assertThat(wide.stages().get(s).blocks()).isEqualTo(thin.stages().get(s).blocks());
      assertThat(wide.stages().get(s).channels()).isEqualTo(thin.stages().get(s).channels());
      assertThat(wide.stages().get(s).innerChannels())
          .isEqualTo(4 * thin.stages().get(s).innerChannels());
    }
    assertThat(wide.widenedInterfaces()).isFalse();
  }

  @Test
  void deeperDoublesTheBlocksOfEveryStage() {
    ResNetArchitecture deeper = thin.deepen(2);
    assertThat(deeper.stages()).extracting(ResNetArchitecture.Stage::blocks).containsExactly(4, 4);
    assertThat(deeper.imitationLayers()).isEqualTo(9);
  }

  @Test
  void blocksProjectWhereWidthOrResolutionChanges() {
    List<ResNetArchitecture.Block> blocks = thin.blocks();
    assertThat(blocks)
        .extracting(ResNetArchitecture.Block::projects)
        .containsExactly(true, false, true, false);
    assertThat(blocks).extracting(ResNetArchitecture.Block::stride).containsExactly(1, 1, 2, 1);
    assertThat(blocks.get(3).outputHeight()).isEqualTo(14);
  }

  @Test
  void parameterCountMatchesTheBuiltNetworkForThinWideAndDeeper() {
    for (ResNetArchitecture architecture : List.of(thin, thin.widen(4), thin.deepen(2))) {
      try (Network built = ModelFamilies.build(architecture, 1, Device.cpu())) {
        assertThat(built.parameterCount())
            .as("%s", architecture)
            .isEqualTo(architecture.parameterCount());
        assertThat(built.layerCount()).isEqualTo(architecture.imitationLayers());
      }
    }
  }

  @Test
  void parameterAndFlopCountsMatchTheConvolutionsByHand() {
    ResNetArchitecture one =
        new ResNetArchitecture(1, 8, 8, 4, 1, List.of(new ResNetArchitecture.Stage(1, 8, 2)), 3);
    // stem 3x3x1x4 + BN; block 1x1 4->2, 3x3 2->2, 1x1 2->8 (+ BN each), projection 4->8 + BN
    long params = (9 * 4 + 8) + (4 * 2 + 4) + (9 * 2 * 2 + 4) + (2 * 8 + 16) + (4 * 8 + 16);
    assertThat(one.parameterCount()).isEqualTo(params + 8 * 3 + 3);
    long macs = 64L * (9 * 4 + 4 * 2 + 9 * 2 * 2 + 2 * 8 + 4 * 8) + 8 * 3;
    assertThat(one.flopsPerExample()).isEqualTo(2 * macs);
  }

  @Test
  void runningStatisticsAreStateNotParameters() {
    try (Network built = ModelFamilies.build(thin, 1, Device.cpu())) {
      List<Parameter> all = built.parameters();
      long running = all.stream().filter(p -> p.getType() == Parameter.Type.RUNNING_MEAN).count();
      assertThat(running).isPositive();
      assertThat(built.learnableParameters()).hasSize(all.size() - 2 * (int) running);
      assertThat(built.layerParameters(1)).allMatch(Network::isLearnable);
      assertThat(built.layerState(1)).hasSizeGreaterThan(built.layerParameters(1).size());
    }
  }

  @Test
  void imagesGoInAndOneLogitPerClassComesOut() {
    try (Network built = ModelFamilies.build(thin, 1, Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.randomNormal(new Shape(3, 1, 28, 28));
      ParameterStore store = new ParameterStore(built.manager(), false);
      assertThat(built.logits(store, x, false).getShape()).isEqualTo(new Shape(3, 10));
      // block interfaces keep their width, so thin and wide block outputs compare directly
      NDArray h = built.forwardLayer(store, 0, x, false);
      assertThat(h.getShape()).isEqualTo(new Shape(3, 16, 28, 28));
      assertThat(built.forwardLayer(store, 1, h, false).getShape())
          .isEqualTo(new Shape(3, 32, 28, 28));
    }
  }

  @Test
  void impossibleShapesAreRefused() {
    assertThatThrownBy(() -> new ResNetArchitecture(1, 28, 28, 16, 3, thin.stages(), 10))
        .hasMessageContaining("stemStride must be 1 or 2");
    assertThatThrownBy(() -> new ResNetArchitecture.Stage(1, 32, 0))
        .hasMessageContaining("innerChannels must be >= 1");
    assertThatThrownBy(() -> new ResNetArchitecture(1, 28, 28, 16, 1, List.of(), 10))
        .hasMessageContaining("at least one stage");
  }

  @Test
  void theArchitectureRoundTripsThroughJson() {
    String json = NetworkFiles.architectureJson(thin);
    assertThat(json).contains("\"family\" : \"resnet\"").contains("innerChannels");
    assertThat(NetworkFiles.readArchitecture(json)).isEqualTo(thin);
  }
}
