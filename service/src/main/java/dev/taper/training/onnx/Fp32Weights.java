package dev.taper.training.onnx;

/** Every parameter stored as it is trained: float32. */
final class Fp32Weights implements WeightEncoding {

  @Override
  public String parameter(OnnxGraph graph, String name, float[] values, long[] dims) {
    return graph.floats(name, values, dims);
  }
}
