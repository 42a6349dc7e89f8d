package dev.taper.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing wrong with a dataset upload, and where: a form {@code field} ({@code name}, {@code
 * format}, {@code classes}, or the {@code Content-Type} header), or a file {@code part} ({@code
 * trainImages}, ..., or {@code body} for the multipart body as a whole). Exactly one of the two is
 * set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UploadProblem(String field, String part, String detail) {

  /** The multipart body as a whole, as a {@link #part()}. */
  public static final String BODY = "body";

  static UploadProblem field(String field, String detail) {
    return new UploadProblem(field, null, detail);
  }

  static UploadProblem part(String part, String detail) {
    return new UploadProblem(null, part, detail);
  }

  /** "field name: must match ..." or "part trainImages: ...". */
  String describe() {
    return (field != null ? field : part) + ": " + detail;
  }
}
