package dev.taper.training.family.resnet;

import ai.djl.nn.Block;
import dev.taper.training.family.Network;
import dev.taper.training.onnx.DjlBlocks;
import dev.taper.training.onnx.NetworkGraph;
import java.util.Arrays;

/**
 * The bottleneck ResNet: the stem (convolution, BatchNorm, ReLU), then residual blocks {@code
 * ReLU(branch(x) + shortcut(x))}, global average pooling and the linear read-out. Every BatchNorm
 * is folded into the convolution before it, with its running statistics.
 */
final class ResNetOnnxGraph {

  private ResNetOnnxGraph() {}

  /** Appends the network to {@code graph} and returns the name of its logits. */
  static String logits(NetworkGraph graph, Network network, String input, long[] exampleShape) {
    ResNetArchitecture resnet = (ResNetArchitecture) network.architecture();
    if (!Arrays.equals(resnet.inputShape(), exampleShape)) {
      throw new IllegalArgumentException(
          "a ResNet for "
              + Arrays.toString(resnet.inputShape())
              + " cannot read examples of shape "
              + Arrays.toString(exampleShape));
    }
    String h = graph.sequential(input, network.layer(0), "layer0");
    for (int i = 1; i < network.layerCount(); i++) {
      h = residual(graph, network.layer(i), h, "layer" + i);
    }
    String pooled =
        graph
            .graph()
            .op("ReduceMean")
            .input(h)
            .attribute("axes", new long[] {2, 3})
            .attribute("keepdims", 0L)
            .output("pooled");
    return graph.linear(pooled, network.readout(), "readout");
  }

  private static String residual(NetworkGraph graph, Block block, String x, String name) {
    String branch = graph.sequential(x, DjlBlocks.child(block, "branch"), name + ".branch");
    Block shortcut = DjlBlocks.childOrNull(block, "shortcut");
    String skip = shortcut == null ? x : graph.sequential(x, shortcut, name + ".shortcut");
    return graph.relu(graph.add(branch, skip, name + ".sum"));
  }
}
