package dev.taper.training.family;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.taper.training.EngineFixtures;
import dev.taper.training.loop.DeviceSplit;
import dev.taper.training.loop.DeviceSplits;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A forward pass layer by layer gives exactly the logits of the plain one, and frees each layer's
 * work as it goes while leaving the input where it was.
 */
class LayerByLayerTest {

  static Stream<Architecture> families() {
    return Stream.of(EngineFixtures.THIN, FamilyFixtures.RESNET, FamilyFixtures.TRANSFORMER);
  }

  @ParameterizedTest
  @MethodSource("families")
  void givesExactlyThePlainForwardPassesLogits(Architecture architecture) {
    try (Network network = ModelFamilies.build(architecture, 11, Device.cpu());
        DeviceSplits splits =
            DeviceSplits.upload(EngineFixtures.data(), architecture.inputShape(), Device.cpu());
        NDManager scope = network.manager().newSubManager()) {
      DeviceSplit train = splits.train();
      NDArray x = train.featureRange(0, Math.min(300, train.size()), scope);
      ParameterStore store = new ParameterStore(network.manager(), false);
      float[] plain = network.logits(store, x, false).toFloatArray();
      float[] layered = network.logitsLayerByLayer(store, x, scope).toFloatArray();
      assertThat(layered).containsExactly(plain);
      assertThat(x.getManager()).isSameAs(scope);
      assertThat(x.toFloatArray()).isNotEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("families")
  void closesEachLayersWorkOnceTheNextLayerHasItsInput(Architecture architecture) {
    List<NDArray> outputs = new ArrayList<>();
    try (Network network = ModelFamilies.build(architecture, 11, Device.cpu());
        DeviceSplits splits =
            DeviceSplits.upload(EngineFixtures.data(), architecture.inputShape(), Device.cpu());
        NDManager scope = network.manager().newSubManager()) {
      NDArray x = splits.train().featureRange(0, 64, scope);
      ParameterStore store = new ParameterStore(network.manager(), false);
      int layers = network.layerCount();
      NDArray last =
          LayerByLayer.run(
              x,
              layers,
              (i, h) -> {
                NDArray out = network.forwardLayer(store, i, h, false);
                outputs.add(out);
                return out;
              },
              scope);
      // every output but the last was the next layer's input, and is released with its work
      for (NDArray earlier : outputs.subList(0, outputs.size() - 1)) {
        assertThat(earlier.isReleased()).isTrue();
      }
      assertThat(last.isReleased()).isFalse();
      assertThat(last.getManager()).isSameAs(scope);
      assertThat(x.isReleased()).isFalse();
    }
  }
}
