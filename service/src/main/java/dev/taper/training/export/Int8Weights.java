package dev.taper.training.export;

/**
 * Weight-only quantisation: each weight matrix and kernel as int8 with one float32 scale per output
 * channel (symmetric, zero point 0), restored by DequantizeLinear; every other parameter stays
 * float32 (biases and norms are a small fraction of the bytes, and quantising them costs accuracy
 * for little gain).
 */
final class Int8Weights implements WeightEncoding {

  private final Fp32Weights unquantised = new Fp32Weights();

  @Override
  public String weight(OnnxGraph graph, String name, float[] values, long[] dims, int outputAxis) {
    PerChannelInt8 quantised = PerChannelInt8.quantise(values, dims, outputAxis);
    String q = graph.initializer(name + "_int8", OnnxTensors.bytes(quantised.values(), dims));
    String scales = graph.floats(name + "_scale", quantised.scales(), quantised.scales().length);
    return graph.op("DequantizeLinear").input(q, scales).attribute("axis", outputAxis).output(name);
  }

  @Override
  public String parameter(OnnxGraph graph, String name, float[] values, long[] dims) {
    return unquantised.parameter(graph, name, values, dims);
  }
}
