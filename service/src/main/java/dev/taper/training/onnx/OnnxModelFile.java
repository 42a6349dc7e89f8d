package dev.taper.training.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Map;

/**
 * A graph wrapped as an ONNX model file. Opset 17 (the first with LayerNormalization) at IR version
 * 8, the newest pair that Debian's python3-onnx 1.12 checks and every ONNX Runtime since 1.13 runs.
 */
public final class OnnxModelFile {

  public static final int OPSET = 17;
  public static final long IR_VERSION = 8;
  public static final String PRODUCER = "taper";

  private OnnxModelFile() {}

  /** Bytes of the model's stored tensors (its initializers' data): what precision changes. */
  public static long parameterBytes(byte[] model) {
    try {
      return ModelProto.parseFrom(model).getGraph().getInitializerList().stream()
          .mapToLong(tensor -> tensor.getRawData().size())
          .sum();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not an ONNX model", e);
    }
  }

  public static byte[] bytes(GraphProto graph, Map<String, String> metadata, String description) {
    ModelProto.Builder model =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .setProducerName(PRODUCER)
            .setDocString(description)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setGraph(graph);
    metadata.forEach(
        (key, value) ->
            model.addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
    return model.build().toByteArray();
  }
}
