package dev.taper.dataset;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a labelled dataset from CSV: one example per line, the class label first, then the
 * features, separated by commas. Features are used as given (no scaling); the example shape is
 * {@code [number of features]}.
 *
 * <ul>
 *   <li>The first non-blank line is a header, and skipped, when its label field is not a number
 *       ({@code label,pixel1} or {@code label,0,1}); otherwise it is an example like any other, so
 *       a typo among its features is refused rather than skipped.
 *   <li>Blank lines are skipped; lines may end in {@code \n}, {@code \r\n} or {@code \r}; a UTF-8
 *       byte order mark is ignored; the file may be gzip-compressed (detected from its content).
 *   <li>A field may be quoted ({@code "3"}; a doubled quote inside stands for one), so a header may
 *       hold commas; a quoted field does not span lines.
 *   <li>Every line has the same number of fields as the first line; labels are non-negative
 *       integers ({@code 3} or {@code 3.0}); features are finite decimal numbers ({@code 0.5},
 *       {@code -1e-3}; not Java's {@code 1d} or hexadecimal).
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
    return parse(file, 0, Integer.MAX_VALUE);
  }

  /** Reads the file; every label must be below {@code classes}. */
  public static LabeledData read(Path file, int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be at least 1, got " + classes);
    }
    return parse(file, classes, classes);
  }

  /**
   * Reads the file; the number of classes is the largest label plus one, which must be at most
   * {@code maxClasses}.
   */
  public static LabeledData readAtMost(Path file, int maxClasses) {
    return parse(file, 0, maxClasses);
  }

  private static LabeledData parse(Path file, int givenClasses, int maxClasses) {
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
      int lineEnd = lineEnd(content, pos);
      pos = lineEnd;
      if (pos < content.length && content[pos] == '\r') {
        pos++;
      }
      if (pos < content.length && content[pos] == '\n') {
        pos++;
      }
      String line = new String(content, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
      if (line.isBlank()) {
        continue;
      }
      String[] fields = fields(line);
      if (fields == null) {
        throw new Line(file, lineStart, lineNumber)
            .error("has a quoted field whose closing quote is missing");
      }
      if (firstRow) {
        firstRow = false;
        width = fields.length;
        widthLine = lineNumber;
        if (!isNumber(fields[0].trim())) {
          continue; // a header: the label column's name is not a number (the features' may be)
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
      if (givenClasses == 0 && label >= maxClasses) {
        throw where.error(
            "label "
                + label
                + " would make "
                + ((long) label + 1)
                + " classes; a dataset has at most "
                + maxClasses);
      }
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
    if (!isDecimal(field) && !isNonFinite(field)) {
      throw where.error("field 1: label '" + field + "' is not a number");
    }
    double value = number(field);
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
    if (!isDecimal(field) && !isNonFinite(field)) {
      throw where.error("field " + column + ": '" + field + "' is not a number");
    }
    // a decimal is rounded to float once, as it always was, not through a double
    float value = isNonFinite(field) ? (float) number(field) : Float.parseFloat(field);
    if (!Float.isFinite(value)) {
      throw where.error("field " + column + ": '" + field + "' is not a finite number");
    }
    return value;
  }

  private static boolean isNumber(String field) {
    return isDecimal(field) || isNonFinite(field);
  }

  /**
   * Whether {@code s} is a decimal number as spreadsheets and numeric libraries write it: an
   * optional sign, digits with an optional point (or a point and digits), an optional exponent.
   * Java's own parser also takes {@code 1d}, {@code 2f} and hexadecimal, which no CSV writer means.
   */
  static boolean isDecimal(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exponent = 0;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
        exponent++;
      }
      if (exponent == 0) {
        return false;
      }
    }
    return i == n;
  }

  /**
   * The value of a field {@link #isDecimal} or {@link #isNonFinite} accepted. Java's parser spells
   * the non-finite values {@code NaN} and {@code Infinity} only, so the others are read here.
   */
  private static double number(String field) {
    if (!isNonFinite(field)) {
      return Double.parseDouble(field);
    }
    String word = field.startsWith("+") || field.startsWith("-") ? field.substring(1) : field;
    if (word.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    return field.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
  }

  /** NaN or an infinity, as numeric writers spell them: read, then refused as not finite. */
  private static boolean isNonFinite(String s) {
    String word = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    return word.equalsIgnoreCase("nan")
        || word.equalsIgnoreCase("inf")
        || word.equalsIgnoreCase("infinity");
  }

  /**
   * The line's fields, split at commas outside double quotes, quotes removed and a doubled quote
   * inside them read as one (RFC 4180, within a line); null when a quoted field is not closed.
   */
  static String[] fields(String line) {
    if (line.indexOf('"') < 0) {
      return line.split(",", -1);
    }
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    // whether the field so far is only spaces, before which a quote opens a quoted field
    boolean blank = true;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c != '"') {
          field.append(c);
        } else if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else {
          quoted = false;
        }
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        blank = true;
      } else if (c == '"' && blank) {
        field.setLength(0);
        quoted = true;
        blank = false;
      } else {
        field.append(c);
        blank &= Character.isWhitespace(c);
      }
    }
    if (quoted) {
      return null;
    }
    fields.add(field.toString());
    return fields.toArray(String[]::new);
  }

  /**
   * Where the line starting at {@code from} ends: at {@code \n}, {@code \r\n}, a lone {@code \r}.
   */
  private static int lineEnd(byte[] content, int from) {
    for (int i = from; i < content.length; i++) {
      if (content[i] == '\n' || content[i] == '\r') {
        return i;
      }
    }
    return content.length;
  }

  private static boolean startsWithBom(byte[] content) {
    return content.length >= 3
        && content[0] == UTF8_BOM[0]
        && content[1] == UTF8_BOM[1]
        && content[2] == UTF8_BOM[2];
  }
}
