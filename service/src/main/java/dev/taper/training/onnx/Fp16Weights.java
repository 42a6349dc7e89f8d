package dev.taper.training.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;

/**
 * Every parameter stored as float16 and cast to float32 in the graph, so the computation stays in
 * float32: ONNX Runtime's CPU provider lacks float16 kernels for most operators, and folds the
 * casts of constants once when the session starts.
 */
final class Fp16Weights implements WeightEncoding {

  @Override
  public String parameter(OnnxGraph graph, String name, float[] values, long[] dims) {
    String half = graph.initializer(name + "_fp16", OnnxTensors.halves(values, dims));
    return graph
        .op("Cast")
        .input(half)
        .attribute("to", TensorProto.DataType.FLOAT.getNumber())
        .output(name);
  }
}
