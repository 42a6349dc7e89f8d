package dev.taper.training.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.taper.dataset.LabeledData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A split's examples as the dataset stores them, in the element type an {@link InputContract} gives
 * the graph's input (unsigned bytes or float32), with their labels: what an exported model is fed.
 * Held in one direct buffer that ONNX Runtime reads without copying.
 */
public final class RawExamples {

  private final InputContract contract;
  private final ByteBuffer data;
  private final int[] labels;

  private RawExamples(InputContract contract, ByteBuffer data, int[] labels) {
    this.contract = contract;
    this.data = data;
    this.labels = labels;
  }

  /**
   * The stored values behind {@code read}, which holds examples as Taper's readers produce them
   * (stored value / divisor, before standardisation). Unsigned bytes must come back exactly: {@code
   * round(v * 255)} in 0..255 with {@code b / 255f == v}.
   */
  public static RawExamples of(LabeledData read, InputContract contract) {
    float[] values = read.features();
    int elementBytes = contract.elementType() == InputContract.ElementType.UINT8 ? 1 : Float.BYTES;
    ByteBuffer data =
        ByteBuffer.allocateDirect(Math.multiplyExact(values.length, elementBytes))
            .order(ByteOrder.nativeOrder());
    for (float value : values) {
      if (contract.elementType() == InputContract.ElementType.UINT8) {
        data.put(unsignedByte(value, contract.divisor()));
      } else {
        data.putFloat(value * contract.divisor());
      }
    }
    data.flip();
    return new RawExamples(contract, data, read.labels().clone());
  }

  private static byte unsignedByte(float value, float divisor) {
    long stored = Math.round(value * divisor);
    if (stored < 0 || stored > 255 || stored / divisor != value) {
      throw new IllegalArgumentException(
          "value " + value + " was not read from an unsigned byte divided by " + divisor);
    }
    return (byte) stored;
  }

  public int size() {
    return labels.length;
  }

  public int[] labels() {
    return labels.clone();
  }

  public InputContract contract() {
    return contract;
  }

  /** The raw bytes of examples [from, to), in the platform's byte order: a read-only view. */
  public ByteBuffer batch(int from, int to) {
    int bytes = exampleBytes();
    ByteBuffer view = data.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
    view.position(from * bytes).limit(to * bytes);
    return view.slice().order(ByteOrder.nativeOrder());
  }

  /** The shape of a batch of {@code count} examples. */
  public long[] batchShape(int count) {
    long[] example = contract.exampleShape();
    long[] shape = new long[example.length + 1];
    shape[0] = count;
    System.arraycopy(example, 0, shape, 1, example.length);
    return shape;
  }

  /** Examples [from, to) as an ONNX Runtime tensor, which the caller closes. */
  public OnnxTensor tensor(OrtEnvironment environment, int from, int to) throws OrtException {
    long[] shape = batchShape(to - from);
    ByteBuffer batch = batch(from, to);
    return contract.elementType() == InputContract.ElementType.UINT8
        ? OnnxTensor.createTensor(environment, batch, shape, ai.onnxruntime.OnnxJavaType.UINT8)
        : OnnxTensor.createTensor(environment, batch.asFloatBuffer(), shape);
  }

  private int exampleBytes() {
    long values = 1;
    for (long d : contract.exampleShape()) {
      values *= d;
    }
    int elementBytes = contract.elementType() == InputContract.ElementType.UINT8 ? 1 : Float.BYTES;
    return Math.toIntExact(values * elementBytes);
  }
}
