package dev.taper.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing wrong with a request and where it is: exactly one of a JSON {@code field} of the body,
 * a query or path {@code parameter}, a {@code header}, a multipart {@code part}, or the request
 * {@code path}; {@code message} says what is wrong. Every problem+json Taper answers lists these in
 * {@code errors}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemItem(
    String field, String parameter, String header, String part, String path, String message) {

  public static ProblemItem field(String field, String message) {
    return new ProblemItem(field, null, null, null, null, message);
  }

  public static ProblemItem parameter(String parameter, String message) {
    return new ProblemItem(null, parameter, null, null, null, message);
  }

  public static ProblemItem header(String header, String message) {
    return new ProblemItem(null, null, header, null, null, message);
  }

  public static ProblemItem part(String part, String message) {
    return new ProblemItem(null, null, null, part, null, message);
  }

  public static ProblemItem path(String path, String message) {
    return new ProblemItem(null, null, null, null, path, message);
  }

  /** "parameter size: must be between 1 and 200". */
  public String describe() {
    String kind;
    String place;
    if (field != null) {
      kind = "field";
      place = field;
    } else if (parameter != null) {
      kind = "parameter";
      place = parameter;
    } else if (header != null) {
      kind = "header";
      place = header;
    } else if (part != null) {
      kind = "part";
      place = part;
    } else {
      kind = "path";
      place = path;
    }
    return kind + " " + place + ": " + message;
  }
}
