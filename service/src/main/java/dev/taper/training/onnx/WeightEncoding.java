package dev.taper.training.onnx;

/**
 * How a {@link Precision} stores parameters in a graph. Either way the graph sees float32 tensors:
 * each method returns the name of a float32 tensor holding the parameter's (possibly rounded)
 * values.
 */
public interface WeightEncoding {

  /**
   * A weight matrix or convolution kernel: what weight-only quantisation compresses.
   *
   * <p>Stored like any other parameter unless the encoding quantises weights.
   *
   * @param outputAxis the axis that indexes output channels (one quantisation scale each)
   */
  default String weight(OnnxGraph graph, String name, float[] values, long[] dims, int outputAxis) {
    return parameter(graph, name, values, dims);
  }

  /** A bias, normalisation scale or shift, position embedding or class token. */
  String parameter(OnnxGraph graph, String name, float[] values, long[] dims);
}
