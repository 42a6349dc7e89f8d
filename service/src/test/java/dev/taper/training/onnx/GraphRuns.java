package dev.taper.training.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.taper.training.export.OrtRuntime;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.function.BiFunction;

/** Small graphs of one float32 tensor in and out, run through ONNX Runtime. */
final class GraphRuns {

  private GraphRuns() {}

  /**
   * Builds a graph from input {@code x} (shape {@code dims}) with {@code body}, which returns the
   * tensor to output, and runs it on {@code values}.
   */
  static float[] run(float[] values, long[] dims, BiFunction<OnnxGraph, String, String> body) {
    OnnxGraph graph = new OnnxGraph("test");
    String x = graph.input("x", TensorProto.DataType.FLOAT, dims);
    graph.op("Identity").input(body.apply(graph, x)).outputNamed("y");
    graph.output("y", TensorProto.DataType.FLOAT, dims);
    byte[] model = OnnxModelFile.bytes(graph.build(), Map.of(), "test");
    try (OrtSession session = OrtRuntime.session(model, 1);
        OnnxTensor input =
            OnnxTensor.createTensor(OrtRuntime.environment(), FloatBuffer.wrap(values), dims);
        OrtSession.Result result = session.run(Map.of("x", input))) {
      FloatBuffer output = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[] y = new float[output.remaining()];
      output.get(y);
      return y;
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
