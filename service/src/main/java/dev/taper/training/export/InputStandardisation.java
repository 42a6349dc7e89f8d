package dev.taper.training.export;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.taper.training.onnx.OnnxGraph;

/**
 * The graph's first nodes: the raw input cast to float32 and standardised as an {@link
 * InputContract} says, in the same float operations and order as Taper's readers and {@code
 * DatasetPreparer} (divide, subtract the mean, multiply by the inverse standard deviation), so the
 * network sees bit for bit what it saw in training.
 */
final class InputStandardisation {

  private InputStandardisation() {}

  static String append(OnnxGraph graph, String input, InputContract contract) {
    String x = input;
    if (contract.elementType() != InputContract.ElementType.FLOAT32) {
      x =
          graph
              .op("Cast")
              .input(x)
              .attribute("to", TensorProto.DataType.FLOAT.getNumber())
              .output("input.float");
    }
    if (contract.divisor() != 1f) {
      x =
          graph
              .op("Div")
              .input(x, graph.scalar("divisor", contract.divisor()))
              .output("input.scaled");
    }
    String centred =
        graph
            .op("Sub")
            .input(x, graph.scalar("mean", (float) contract.mean()))
            .output("input.centred");
    return graph
        .op("Mul")
        .input(centred, graph.scalar("inverse_std", contract.inverseStd()))
        .output("input.standardised");
  }
}
