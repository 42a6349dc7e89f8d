package dev.taper.training.export;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.taper.dataset.DatasetPreparer;
import dev.taper.dataset.RawDataset;
import dev.taper.training.onnx.OnnxGraph;
import java.util.Arrays;
import java.util.Locale;

/**
 * What an exported model reads, and how Taper standardised it in training: a batch of examples
 * exactly as the dataset stores them, standardised inside the graph as {@code (float(x) / divisor -
 * (float) mean) * (float) (1 / std)}, the same float arithmetic as the dataset readers and {@code
 * DatasetPreparer}.
 *
 * @param exampleShape one example, e.g. (1, 28, 28) for a Fashion-MNIST image
 * @param divisor what the reader divides stored values by: 255 for unsigned-byte pixels (the IDX
 *     reader reads them as {@code b / 255f}), 1 for values used as stored
 * @param mean the training split's scalar mean, after the division
 * @param std the training split's scalar standard deviation, after the division
 */
public record InputContract(
    ElementType elementType, long[] exampleShape, float divisor, double mean, double std) {

  /** How the dataset stores a value, and so what the graph's input holds. */
  public enum ElementType {
    /** Unsigned bytes, 0..255: IDX unsigned-byte files such as Fashion-MNIST's images. */
    UINT8(TensorProto.DataType.UINT8, "0..255 (integers)"),
    /** Float32 values as stored: CSV features and the IDX files of other numeric types. */
    FLOAT32(TensorProto.DataType.FLOAT, "finite float32, as stored in the dataset");

    private final TensorProto.DataType onnxType;
    private final String range;

    ElementType(TensorProto.DataType onnxType, String range) {
      this.onnxType = onnxType;
      this.range = range;
    }

    public TensorProto.DataType onnxType() {
      return onnxType;
    }

    public String range() {
      return range;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public InputContract {
    exampleShape = exampleShape.clone();
    if (exampleShape.length == 0 || Arrays.stream(exampleShape).anyMatch(d -> d < 1)) {
      throw new IllegalArgumentException("bad example shape " + Arrays.toString(exampleShape));
    }
    if (!(divisor > 0) || !(std > 0) || !Double.isFinite(mean)) {
      throw new IllegalArgumentException(
          "need divisor > 0, std > 0 and a finite mean: " + divisor + ", " + std + ", " + mean);
    }
  }

  /** Unsigned-byte pixels, read by Taper as {@code b / 255f}. */
  public static InputContract unsignedBytes(long[] exampleShape, double mean, double std) {
    return new InputContract(ElementType.UINT8, exampleShape, 255f, mean, std);
  }

  /** Float values, used by Taper as stored. */
  public static InputContract floats(long[] exampleShape, double mean, double std) {
    return new InputContract(ElementType.FLOAT32, exampleShape, 1f, mean, std);
  }

  /**
   * What a network trained on a dataset read: its values as its files store them ({@code stored}),
   * standardised with the statistics {@code DatasetPreparer} computed for the training split. The
   * one place both an export and the description of a model's download come from.
   */
  public static InputContract of(
      RawDataset.StoredValues stored,
      long[] exampleShape,
      DatasetPreparer.Standardisation standardisation) {
    return switch (stored) {
      case UNSIGNED_BYTES ->
          unsignedBytes(exampleShape, standardisation.mean(), standardisation.std());
      case AS_STORED -> floats(exampleShape, standardisation.mean(), standardisation.std());
    };
  }

  /**
   * What a network trained on the split of {@code raw} that the seed and limits select read: {@link
   * #of(RawDataset.StoredValues, long[], DatasetPreparer.Standardisation)} with that split's
   * statistics.
   */
  public static InputContract of(
      RawDataset raw, long seed, double validationFraction, Integer trainExamples) {
    return of(
        raw.stored(),
        raw.train().exampleShape(),
        DatasetPreparer.standardisation(raw, seed, validationFraction, trainExamples));
  }

  @Override
  public long[] exampleShape() {
    return exampleShape.clone();
  }

  /** The graph input's shape: a symbolic batch dimension, then one example. */
  public long[] batchShape() {
    long[] shape = new long[exampleShape.length + 1];
    shape[0] = OnnxGraph.BATCH;
    System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
    return shape;
  }

  public float inverseStd() {
    return (float) (1 / std);
  }

  /** The standardisation as one readable formula, for the model's metadata. */
  public String formula() {
    String scaled = divisor == 1f ? "float(x)" : "float(x) / " + format(divisor);
    return "(" + scaled + " - " + (float) mean + ") * " + inverseStd();
  }

  /** What the axes of one batch mean. */
  public String layout() {
    return switch (exampleShape.length) {
      case 1 -> "NF: batch, features";
      case 2 -> "NTF: batch, positions, features per position";
      case 3 -> "NCHW: batch, channels, height, width (row-major)";
      default -> "batch, then " + exampleShape.length + " example axes (row-major)";
    };
  }

  private static String format(float value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof InputContract that
        && elementType == that.elementType
        && Arrays.equals(exampleShape, that.exampleShape)
        && Float.compare(divisor, that.divisor) == 0
        && Double.compare(mean, that.mean) == 0
        && Double.compare(std, that.std) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(exampleShape)
        + java.util.Objects.hash(elementType, divisor, mean, std);
  }

  @Override
  public String toString() {
    return "InputContract["
        + elementType.label()
        + " "
        + Arrays.toString(exampleShape)
        + ", "
        + formula()
        + "]";
  }
}
