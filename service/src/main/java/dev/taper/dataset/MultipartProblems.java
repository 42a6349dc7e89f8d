package dev.taper.dataset;

import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * A multipart body that does not parse, or is over the size limit, as a 4xx problem+json naming
 * what is at fault. The body is parsed before a controller is chosen, so this advice cannot be
 * limited to {@link DatasetController}; dataset uploads are the only multipart requests Taper
 * takes. It runs before Spring Boot's handler, which would answer the size limit without saying
 * which limit, and a parse failure with a 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class MultipartProblems {

  private final String limit;

  // the setting rather than TaperProperties: web slice tests load this advice without them
  MultipartProblems(@Value("${taper.datasets.max-upload-size:512MB}") String limit) {
    this.limit = readable(DataSize.parse(limit));
  }

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e) {
    return answer(DatasetUploadException.tooLarge(limit));
  }

  @ExceptionHandler(MultipartException.class)
  ResponseEntity<ProblemDetail> malformed(MultipartException e) {
    String reason = rootMessage(e);
    UploadProblem problem =
        reason.toLowerCase(Locale.ROOT).contains("boundary")
            ? UploadProblem.field(
                "Content-Type",
                "names no usable multipart boundary ("
                    + reason
                    + "); send multipart/form-data with a boundary=... parameter")
            : UploadProblem.part(
                UploadProblem.BODY,
                "is not well-formed multipart/form-data ("
                    + reason
                    + "): a part is cut short, or a boundary is missing");
    return answer(DatasetUploadException.malformed(problem));
  }

  private static ResponseEntity<ProblemDetail> answer(DatasetUploadException e) {
    return ResponseEntity.status(e.getStatusCode())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(e.getBody());
  }

  private static String readable(DataSize size) {
    long bytes = size.toBytes();
    return bytes % DataSize.ofMegabytes(1).toBytes() == 0
        ? size.toMegabytes() + " MB"
        : bytes + " bytes";
  }

  /** The innermost message: the parser's own words, without the wrapping exceptions' names. */
  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? "unreadable" : message.strip();
  }
}
