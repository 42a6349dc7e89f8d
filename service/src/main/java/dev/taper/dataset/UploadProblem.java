package dev.taper.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing wrong with a dataset upload, and where: a form {@code field} ({@code name}, {@code
 * format}, {@code classes}, or the {@code Content-Type} header), or a file {@code part} ({@code
 * trainImages}, ..., or {@code body} for the multipart body as a whole). Exactly one of the two is
 * set. Like every problem Taper answers, each names its place and says what is wrong in {@code
 * message}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UploadProblem(String field, String part, String message) {

  /** The multipart body as a whole, as a {@link #part()}. */
  public static final String BODY = "body";

  static UploadProblem field(String field, String message) {
    return new UploadProblem(field, null, message);
  }

  static UploadProblem part(String part, String message) {
    return new UploadProblem(null, part, message);
  }

  /** "field name: must match ..." or "part trainImages: ...". */
  String describe() {
    return (field != null ? field : part) + ": " + message;
  }
}
