package dev.taper.export;

import dev.taper.config.ApiException;
import dev.taper.config.ProblemItem;
import dev.taper.training.WireName;
import dev.taper.training.export.ExportFormat;
import dev.taper.training.export.ExportVariant;
import dev.taper.training.onnx.Precision;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;

/**
 * The body of {@code POST /api/v1/models/{id}/exports}: the formats and precisions to export, every
 * combination of them. Left out, formats are {@code ["onnx"]} and precisions {@code ["fp32"]}.
 */
public record ExportOrder(List<String> formats, List<String> precisions) {

  /** The variants asked for, or a 400 naming every unknown or repeated value. */
  public List<ExportVariant> variants() {
    List<ProblemItem> problems = new ArrayList<>();
    List<ExportFormat> parsedFormats =
        parse("formats", formats, ExportFormat.class, ExportFormat.ONNX, problems);
    List<Precision> parsedPrecisions =
        parse("precisions", precisions, Precision.class, Precision.DEFAULT, problems);
    if (!problems.isEmpty()) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST, "invalid-export", "Invalid export request", problems);
    }
    List<ExportVariant> variants = new ArrayList<>();
    for (ExportFormat format : parsedFormats) {
      for (Precision precision : parsedPrecisions) {
        variants.add(new ExportVariant(format, precision));
      }
    }
    return variants;
  }

  /** One variant from a download's query parameters; precision defaults to fp32. */
  static ExportVariant fromQuery(String format, String precision) {
    ExportFormat f =
        WireName.parse(ExportFormat.class, format)
            .orElseThrow(
                () ->
                    ApiException.invalidParameter(
                        "format", "must be one of " + WireName.allOf(ExportFormat.class)));
    Precision p =
        precision == null
            ? Precision.DEFAULT
            : WireName.parse(Precision.class, precision)
                .orElseThrow(
                    () ->
                        ApiException.invalidParameter(
                            "precision", "must be one of " + WireName.allOf(Precision.class)));
    return new ExportVariant(f, p);
  }

  private static <E extends Enum<E> & WireName> List<E> parse(
      String field, List<String> values, Class<E> type, E fallback, List<ProblemItem> problems) {
    if (values == null || values.isEmpty()) {
      return List.of(fallback);
    }
    Set<E> parsed = new LinkedHashSet<>();
    for (int i = 0; i < values.size(); i++) {
      String path = field + "[" + i + "]";
      Optional<E> value =
          values.get(i) == null ? Optional.empty() : WireName.parse(type, values.get(i));
      if (value.isEmpty()) {
        problems.add(ProblemItem.field(path, "must be one of " + WireName.allOf(type)));
      } else if (!parsed.add(value.get())) {
        problems.add(ProblemItem.field(path, "is listed twice"));
      }
    }
    return List.copyOf(parsed);
  }
}
