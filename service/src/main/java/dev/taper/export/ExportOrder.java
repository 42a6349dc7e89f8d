package dev.taper.export;

import dev.taper.training.WireName;
import dev.taper.training.export.ExportFormat;
import dev.taper.training.export.ExportVariant;
import dev.taper.training.onnx.Precision;
import dev.taper.web.ApiException;
import dev.taper.web.ProblemItem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/models/{id}/exports}: the formats and precisions to export, every
 * combination of them. Left out, formats are {@code ["onnx"]} and precisions {@code ["fp32"]}.
 */
public record ExportOrder(List<String> formats, List<String> precisions) {

  private static final String FORMATS = "formats";
  private static final String PRECISIONS = "precisions";

  /**
   * The order in a request body, which may be absent; a 400 naming every field that is not {@code
   * formats} or {@code precisions} and every one that is not an array of strings, so that a
   * misspelt field never falls back to the default silently.
   */
  static ExportOrder read(JsonNode body) {
    if (body == null || body.isNull() || body.isMissingNode()) {
      return new ExportOrder(null, null);
    }
    if (!body.isObject()) {
      throw invalid(
          List.of(
              ProblemItem.field("", "must be a JSON object with formats and precisions arrays")));
    }
    List<ProblemItem> problems = new ArrayList<>();
    for (String field : body.propertyNames()) {
      if (!field.equals(FORMATS) && !field.equals(PRECISIONS)) {
        problems.add(
            ProblemItem.field(
                field, "is not a field of an export request (formats and precisions are)"));
      }
    }
    List<String> formats = strings(body, FORMATS, problems);
    List<String> precisions = strings(body, PRECISIONS, problems);
    if (!problems.isEmpty()) {
      throw invalid(problems);
    }
    return new ExportOrder(formats, precisions);
  }

  private static List<String> strings(JsonNode body, String field, List<ProblemItem> problems) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      problems.add(ProblemItem.field(field, "must be an array of strings"));
      return null;
    }
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode element = value.get(i);
      if (element.isString()) {
        strings.add(element.asString());
      } else {
        problems.add(ProblemItem.field(field + "[" + i + "]", "must be a string"));
      }
    }
    return strings;
  }

  /** The variants asked for, or a 400 naming every unknown or repeated value. */
  public List<ExportVariant> variants() {
    List<ProblemItem> problems = new ArrayList<>();
    List<ExportFormat> parsedFormats =
        parse("formats", formats, ExportFormat.class, ExportFormat.ONNX, problems);
    List<Precision> parsedPrecisions =
        parse("precisions", precisions, Precision.class, Precision.DEFAULT, problems);
    if (!problems.isEmpty()) {
      throw invalid(problems);
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

  private static ApiException invalid(List<ProblemItem> problems) {
    return new ApiException(
        HttpStatus.BAD_REQUEST, "invalid-export", "Invalid export request", problems);
  }
}
