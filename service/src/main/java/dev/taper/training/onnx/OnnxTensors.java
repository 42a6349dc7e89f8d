package dev.taper.training.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Constant tensors as ONNX stores them: the values in {@code raw_data}, little-endian, row-major.
 * The name is left for {@link OnnxGraph#initializer} to set.
 */
public final class OnnxTensors {

  private OnnxTensors() {}

  public static TensorProto.Builder floats(float[] values, long... dims) {
    ByteBuffer bytes = buffer(values.length, Float.BYTES, dims);
    bytes.asFloatBuffer().put(values);
    return tensor(TensorProto.DataType.FLOAT, bytes, dims);
  }

  /** Stored as IEEE half precision (rounded to nearest even). */
  public static TensorProto.Builder halves(float[] values, long... dims) {
    ByteBuffer bytes = buffer(values.length, Short.BYTES, dims);
    for (float value : values) {
      bytes.putShort(HalfFloat.fromFloat(value));
    }
    return tensor(TensorProto.DataType.FLOAT16, bytes, dims);
  }

  public static TensorProto.Builder bytes(byte[] values, long... dims) {
    ByteBuffer bytes = buffer(values.length, 1, dims);
    bytes.put(values);
    return tensor(TensorProto.DataType.INT8, bytes, dims);
  }

  public static TensorProto.Builder longs(long[] values, long... dims) {
    ByteBuffer bytes = buffer(values.length, Long.BYTES, dims);
    bytes.asLongBuffer().put(values);
    return tensor(TensorProto.DataType.INT64, bytes, dims);
  }

  private static ByteBuffer buffer(int count, int elementBytes, long[] dims) {
    long expected = Arrays.stream(dims).reduce(1, Math::multiplyExact);
    if (expected != count) {
      throw new IllegalArgumentException(
          count + " values do not fill a tensor of shape " + Arrays.toString(dims));
    }
    return ByteBuffer.allocate(Math.multiplyExact(count, elementBytes))
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  private static TensorProto.Builder tensor(
      TensorProto.DataType type, ByteBuffer bytes, long[] dims) {
    TensorProto.Builder tensor = TensorProto.newBuilder().setDataType(type.getNumber());
    for (long dim : dims) {
      tensor.addDims(dim);
    }
    return tensor.setRawData(ByteString.copyFrom(bytes.array()));
  }
}
