package dev.taper.dataset;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a labelled dataset from CSV: one example per line, the class label first, then the
 * features, separated by commas. Features are used as given (no scaling); the example shape is
 * {@code [number of features]}.
 *
 * <ul>
 *   <li>The first non-blank line is a header, and skipped, when any of its fields is not a number.
 *   <li>Blank lines are skipped; lines may end in {@code \n} or {@code \r\n}; a UTF-8 byte order
 *       mark is ignored; the file may be gzip-compressed (detected from its content).
 *   <li>Every line has the same number of fields as the first line; labels are non-negative
 *       integers ({@code 3} or {@code 3.0}); features are finite numbers.
 * </ul>
 *
 * Violations are {@link DatasetFormatException}s whose offset is the byte offset of the line's
 * start and whose reason starts with the line number (1-based, counting blank lines and the
 * header).
 */
public final class CsvReader {

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private CsvReader() {}

  /** Reads the file; the number of classes is the largest label plus one. */
  public static LabeledData read(Path file) {
    return parse(file, 0);
  }

  /** Reads the file; every label must be below {@code classes}. */
  public static LabeledData read(Path file, int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be at least 1, got " + classes);
    }
    return parse(file, classes);
  }

  private static LabeledData parse(Path file, int givenClasses) {
    byte[] content = DatasetFiles.readContent(file);
    int pos = startsWithBom(content) ? UTF8_BOM.length : 0;
    int lineNumber = 0;
    int width = -1;
    int widthLine = 0;
    boolean firstRow = true;
    float[] features = new float[1 << 12];
    int featureCount = 0;
    int[] labels = new int[1 << 8];
    int rows = 0;
    int maxLabel = -1;

    while (pos < content.length) {
      int lineStart = pos;
      lineNumber++;
      int newline = indexOf(content, (byte) '\n', pos);
      int lineEnd = newline < 0 ? content.length : newline;
      pos = newline < 0 ? content.length : newline + 1;
      if (lineEnd > lineStart && content[lineEnd - 1] == '\r') {
        lineEnd--;
      }
      String line = new String(content, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split(",", -1);
      if (firstRow) {
        firstRow = false;
        width = fields.length;
        widthLine = lineNumber;
        if (!allNumeric(fields)) {
          continue; // a header
        }
      }
      Line where = new Line(file, lineStart, lineNumber);
      if (fields.length != width) {
        throw where.error(
            "has " + fields.length + " fields, expected " + width + " like line " + widthLine);
      }
      if (width < 2) {
        throw where.error("needs a label and at least one feature, has " + width + " field");
      }
      int label = parseLabel(fields[0].trim(), where);
      if (givenClasses > 0 && label >= givenClasses) {
        throw where.error(
            "label "
                + label
                + " is outside 0.."
                + (givenClasses - 1)
                + " ("
                + givenClasses
                + " classes)");
      }
      if (rows == labels.length) {
        labels = Arrays.copyOf(labels, labels.length * 2);
      }
      labels[rows++] = label;
      maxLabel = Math.max(maxLabel, label);
      if (featureCount + width - 1 > features.length) {
        features = Arrays.copyOf(features, Math.max(features.length * 2, featureCount + width));
      }
      for (int i = 1; i < width; i++) {
        features[featureCount++] = parseFeature(fields[i].trim(), i + 1, where);
      }
    }
    if (rows == 0) {
      throw new DatasetFormatException(file, content.length, "no examples in the file");
    }
    int classes = givenClasses > 0 ? givenClasses : maxLabel + 1;
    return new LabeledData(
        Arrays.copyOf(features, featureCount),
        Arrays.copyOf(labels, rows),
        new long[] {width - 1},
        classes);
  }

  private record Line(Path file, long offset, int number) {
    DatasetFormatException error(String what) {
      return new DatasetFormatException(file, offset, "line " + number + " " + what);
    }
  }

  private static int parseLabel(String field, Line where) {
    double value;
    try {
      value = Double.parseDouble(field);
    } catch (NumberFormatException e) {
      throw where.error("field 1: label '" + field + "' is not a number");
    }
    if (!Double.isFinite(value) || value != Math.rint(value)) {
      throw where.error("field 1: label '" + field + "' is not an integer");
    }
    if (value < 0) {
      throw where.error("field 1: label '" + field + "' is negative");
    }
    if (value >= Integer.MAX_VALUE) {
      throw where.error("field 1: label '" + field + "' is too large");
    }
    return (int) value;
  }

  private static float parseFeature(String field, int column, Line where) {
    float value;
    try {
      value = Float.parseFloat(field);
    } catch (NumberFormatException e) {
      throw where.error("field " + column + ": '" + field + "' is not a number");
    }
    if (!Float.isFinite(value)) {
      throw where.error("field " + column + ": '" + field + "' is not a finite number");
    }
    return value;
  }

  private static boolean allNumeric(String[] fields) {
    for (String field : fields) {
      try {
        Double.parseDouble(field.trim());
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWithBom(byte[] content) {
    return content.length >= 3
        && content[0] == UTF8_BOM[0]
        && content[1] == UTF8_BOM[1]
        && content[2] == UTF8_BOM[2];
  }

  private static int indexOf(byte[] content, byte b, int from) {
    for (int i = from; i < content.length; i++) {
      if (content[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
