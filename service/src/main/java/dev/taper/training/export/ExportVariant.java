package dev.taper.training.export;

import dev.taper.training.onnx.Precision;

/** Which export of a model: its file format and the precision its parameters are stored in. */
public record ExportVariant(ExportFormat format, Precision precision) {

  public ExportVariant {
    if (format == null || precision == null) {
      throw new IllegalArgumentException("an export needs a format and a precision");
    }
  }

  /** How the variant is named in files and logs, e.g. {@code onnx-int8}. */
  public String label() {
    return format.wireName() + "-" + precision.wireName();
  }
}
