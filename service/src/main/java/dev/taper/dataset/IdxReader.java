package dev.taper.dataset;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/): two
 * zero bytes, a data type byte, a dimension count byte, one big-endian 32-bit size per dimension,
 * then the values in row-major order, big-endian. Files may be gzip-compressed; that is detected
 * from the content (the 0x1f8b magic), not from the file name.
 *
 * <p>Every inconsistency is a {@link DatasetFormatException} naming the file, the byte offset in
 * the (decompressed) content and the reason. Nothing is trusted: the sizes in the header must match
 * the bytes that follow exactly, with no truncation and no trailing bytes.
 */
public final class IdxReader {

  static final int UNSIGNED_BYTE = 0x08;
  static final int SIGNED_BYTE = 0x09;
  static final int SHORT = 0x0B;
  static final int INT = 0x0C;
  static final int FLOAT = 0x0D;
  static final int DOUBLE = 0x0E;

  private static final int MAGIC_BYTES = 4;

  private IdxReader() {}

  /**
   * Reads an images file (3 dimensions: count, rows, columns) and its labels file (1 dimension:
   * count) into one {@link LabeledData}.
   *
   * <p>Example shape is {@code [1, rows, columns]}: one channel, so convolutional families can use
   * it as it is and MLPs flatten it. Unsigned-byte pixels become {@code byte / 255f}, in [0, 1];
   * the other numeric types are taken as stored. Labels must have an integer type and lie in {@code
   * [0, classes)}.
   */
  public static LabeledData readPair(Path images, Path labels, int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be at least 1, got " + classes);
    }
    Idx x = Idx.parse(images, DatasetFiles.readContent(images), 3, "images");
    Idx y = Idx.parse(labels, DatasetFiles.readContent(labels), 1, "labels");
    if (y.dims[0] != x.dims[0]) {
      throw new DatasetFormatException(
          labels,
          MAGIC_BYTES,
          "labels file holds "
              + y.dims[0]
              + " labels but its images file holds "
              + x.dims[0]
              + " images");
    }
    int[] labelValues = y.labels(classes);
    float[] pixels = x.floats();
    return new LabeledData(pixels, labelValues, new long[] {1, x.dims[1], x.dims[2]}, classes);
  }

  /**
   * The data type code of an IDX file (its magic number's third byte), read from its header only;
   * the file is one {@link #readPair} has read, so its header has been checked.
   */
  static int dataType(Path file) {
    byte[] head = DatasetFiles.readHead(file, MAGIC_BYTES);
    if (head.length < MAGIC_BYTES) {
      throw new DatasetFormatException(file, head.length, "file ends inside its magic number");
    }
    return head[2] & 0xff;
  }

  static String typeName(int dtype) {
    return switch (dtype) {
      case UNSIGNED_BYTE -> "unsigned byte";
      case SIGNED_BYTE -> "signed byte";
      case SHORT -> "short";
      case INT -> "int";
      case FLOAT -> "float";
      case DOUBLE -> "double";
      default -> "unknown";
    };
  }

  static int typeSize(int dtype) {
    return switch (dtype) {
      case UNSIGNED_BYTE, SIGNED_BYTE -> 1;
      case SHORT -> 2;
      case INT, FLOAT -> 4;
      case DOUBLE -> 8;
      default -> 0;
    };
  }

  /** One parsed and checked IDX file: header fields and the raw content it came from. */
  private static final class Idx {
    final Path file;
    final byte[] content;
    final int dtype;
    final int[] dims;
    final int headerSize;
    final int elementSize;
    final int count;

    private Idx(Path file, byte[] content, int dtype, int[] dims, int count) {
      this.file = file;
      this.content = content;
      this.dtype = dtype;
      this.dims = dims;
      this.headerSize = MAGIC_BYTES + 4 * dims.length;
      this.elementSize = typeSize(dtype);
      this.count = count;
    }

    static Idx parse(Path file, byte[] content, int expectedDims, String what) {
      if (content.length < MAGIC_BYTES) {
        throw new DatasetFormatException(
            file,
            content.length,
            "file ends after "
                + content.length
                + " bytes, inside the 4-byte magic number (is it an IDX file?)");
      }
      for (int i = 0; i < 2; i++) {
        if (content[i] != 0) {
          throw new DatasetFormatException(
              file,
              i,
              String.format(
                  "bad magic number 0x%02x%02x%02x%02x: an IDX file starts with two zero bytes",
                  content[0], content[1], content[2], content[3]));
        }
      }
      int dtype = content[2] & 0xff;
      if (typeSize(dtype) == 0) {
        throw new DatasetFormatException(
            file,
            2,
            String.format(
                "unknown data type 0x%02x; IDX types are 0x08 (unsigned byte), 0x09 (signed"
                    + " byte), 0x0B (short), 0x0C (int), 0x0D (float) and 0x0E (double)",
                dtype));
      }
      int ndims = content[3] & 0xff;
      if (ndims != expectedDims) {
        throw new DatasetFormatException(
            file,
            3,
            "expected " + expectedDims + " dimensions for " + what + ", header says " + ndims);
      }
      int headerSize = MAGIC_BYTES + 4 * ndims;
      if (content.length < headerSize) {
        throw new DatasetFormatException(
            file,
            content.length,
            "file ends inside the header: "
                + ndims
                + " dimension sizes need "
                + headerSize
                + " header bytes, file has "
                + content.length);
      }
      ByteBuffer header = ByteBuffer.wrap(content, 0, headerSize);
      int[] dims = new int[ndims];
      long elements = 1;
      for (int i = 0; i < ndims; i++) {
        long size = Integer.toUnsignedLong(header.getInt(MAGIC_BYTES + 4 * i));
        if (size > Integer.MAX_VALUE) {
          throw new DatasetFormatException(
              file, MAGIC_BYTES + 4 * i, "size of dimension " + i + " is too large: " + size);
        }
        if (size == 0 && i > 0) {
          throw new DatasetFormatException(
              file, MAGIC_BYTES + 4 * i, "size of dimension " + i + " is 0");
        }
        dims[i] = (int) size;
        elements *= size;
        if (elements * typeSize(dtype) > Integer.MAX_VALUE - headerSize) {
          throw new DatasetFormatException(
              file,
              MAGIC_BYTES + 4 * i,
              "header declares more than " + Integer.MAX_VALUE + " bytes of data");
        }
      }
      long expectedEnd = headerSize + elements * typeSize(dtype);
      String declared =
          "header declares "
              + shape(dims)
              + " = "
              + elements
              + " "
              + typeName(dtype)
              + " values, "
              + elements * typeSize(dtype)
              + " bytes ending at offset "
              + expectedEnd;
      if (content.length < expectedEnd) {
        throw new DatasetFormatException(
            file, content.length, "truncated: " + declared + ", file ends at " + content.length);
      }
      if (content.length > expectedEnd) {
        throw new DatasetFormatException(
            file,
            expectedEnd,
            (content.length - expectedEnd) + " unexpected bytes after the data: " + declared);
      }
      return new Idx(file, content, dtype, dims, (int) elements);
    }

    float[] floats() {
      float[] out = new float[count];
      ByteBuffer data = ByteBuffer.wrap(content); // big-endian by default, as IDX is
      switch (dtype) {
        case UNSIGNED_BYTE -> {
          for (int i = 0; i < count; i++) {
            out[i] = (content[headerSize + i] & 0xff) / 255f;
          }
        }
        case SIGNED_BYTE -> {
          for (int i = 0; i < count; i++) {
            out[i] = content[headerSize + i];
          }
        }
        case SHORT -> {
          for (int i = 0; i < count; i++) {
            out[i] = data.getShort(headerSize + 2 * i);
          }
        }
        case INT -> {
          for (int i = 0; i < count; i++) {
            out[i] = data.getInt(headerSize + 4 * i);
          }
        }
        case FLOAT -> {
          for (int i = 0; i < count; i++) {
            out[i] = (float) checkFinite(data.getFloat(headerSize + 4 * i), i);
          }
        }
        case DOUBLE -> {
          for (int i = 0; i < count; i++) {
            out[i] = (float) checkFinite(data.getDouble(headerSize + 8 * i), i);
          }
        }
        default -> throw new IllegalStateException("unchecked dtype " + dtype);
      }
      return out;
    }

    int[] labels(int classes) {
      if (dtype == FLOAT || dtype == DOUBLE) {
        throw new DatasetFormatException(
            file,
            2,
            String.format(
                "labels need an integer data type, header says %s (0x%02x)",
                typeName(dtype), dtype));
      }
      ByteBuffer data = ByteBuffer.wrap(content);
      int[] out = new int[count];
      for (int i = 0; i < count; i++) {
        int offset = headerSize + elementSize * i;
        int label =
            switch (dtype) {
              case UNSIGNED_BYTE -> content[offset] & 0xff;
              case SIGNED_BYTE -> content[offset];
              case SHORT -> data.getShort(offset);
              case INT -> data.getInt(offset);
              default -> throw new IllegalStateException("unchecked dtype " + dtype);
            };
        if (label < 0) {
          throw new DatasetFormatException(
              file, offset, "label " + label + " of example " + i + " is negative");
        }
        if (label >= classes) {
          throw new DatasetFormatException(
              file,
              offset,
              "label "
                  + label
                  + " of example "
                  + i
                  + " is outside 0.."
                  + (classes - 1)
                  + " ("
                  + classes
                  + " classes)");
        }
        out[i] = label;
      }
      return out;
    }

    private double checkFinite(double value, int index) {
      if (!Double.isFinite(value)) {
        throw new DatasetFormatException(
            file,
            headerSize + (long) elementSize * index,
            "value " + value + " at index " + index + " is not a finite number");
      }
      return value;
    }

    private static String shape(int[] dims) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < dims.length; i++) {
        s.append(i == 0 ? "" : " x ").append(dims[i]);
      }
      return s.toString();
    }
  }
}
