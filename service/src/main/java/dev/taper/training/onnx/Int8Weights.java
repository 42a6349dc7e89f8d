package dev.taper.training.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;

/**
 * Weight-only quantisation: each weight matrix and kernel as int8 with one float32 scale per output
 * channel (symmetric, zero point 0), restored in the graph as {@code float(q) * scale}; every other
 * parameter stays float32 (biases and norms are a small fraction of the bytes, and quantising them
 * costs accuracy for little gain).
 *
 * <p>Cast and Mul rather than DequantizeLinear, which computes the same values: ONNX Runtime folds
 * a Cast and Mul of constants once when the session starts, so the weights are float32 and
 * pre-packed as in an fp32 export; it keeps DequantizeLinear nodes out of constant folding (for its
 * quantised-operator fusions), and so dequantised every weight on every run, without pre-packing:
 * measured up to 4 times slower at batch 1 (the tiny MLP 0.040 against 0.010 ms, the tiny ResNet
 * 0.115 against 0.042 ms) and half the ResNet's batch-64 throughput.
 */
final class Int8Weights implements WeightEncoding {

  private final Fp32Weights unquantised = new Fp32Weights();

  @Override
  public String weight(OnnxGraph graph, String name, float[] values, long[] dims, int outputAxis) {
    PerChannelInt8 quantised = PerChannelInt8.quantise(values, dims, outputAxis);
    String q = graph.initializer(name + "_int8", OnnxTensors.bytes(quantised.values(), dims));
    String scales =
        graph.floats(name + "_scale", quantised.scales(), broadcastable(dims, outputAxis));
    String levels =
        graph
            .op("Cast")
            .input(q)
            .attribute("to", TensorProto.DataType.FLOAT.getNumber())
            .output(name + "_levels");
    return graph.op("Mul").input(levels, scales).output(name);
  }

  @Override
  public String parameter(OnnxGraph graph, String name, float[] values, long[] dims) {
    return unquantised.parameter(graph, name, values, dims);
  }

  /** The scales' shape: the channels along the axis, ones after it, so Mul broadcasts them. */
  private static long[] broadcastable(long[] dims, int axis) {
    long[] shape = new long[dims.length - axis];
    shape[0] = dims[axis];
    for (int i = 1; i < shape.length; i++) {
      shape[i] = 1;
    }
    return shape;
  }
}
