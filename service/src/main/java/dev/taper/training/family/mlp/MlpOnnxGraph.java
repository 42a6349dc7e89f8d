package dev.taper.training.family.mlp;

import dev.taper.training.family.Network;
import dev.taper.training.onnx.NetworkGraph;
import java.util.Arrays;

/** The MLP: the example flattened, hidden Linear + ReLU layers, the linear read-out. */
final class MlpOnnxGraph {

  private MlpOnnxGraph() {}

  /** Appends the network to {@code graph} and returns the name of its logits. */
  static String logits(NetworkGraph graph, Network network, String input, long[] exampleShape) {
    MlpArchitecture mlp = (MlpArchitecture) network.architecture();
    long features = Arrays.stream(exampleShape).reduce(1, Math::multiplyExact);
    if (features != mlp.inputSize()) {
      throw new IllegalArgumentException(
          "an MLP of input size "
              + mlp.inputSize()
              + " cannot read examples of shape "
              + Arrays.toString(exampleShape));
    }
    String h =
        exampleShape.length == 1
            ? input
            : graph.graph().op("Flatten").input(input).attribute("axis", 1L).output("flat");
    for (int i = 0; i < network.layerCount(); i++) {
      h = graph.sequential(h, network.layer(i), "layer" + i);
    }
    return graph.linear(h, network.readout(), "readout");
  }
}
