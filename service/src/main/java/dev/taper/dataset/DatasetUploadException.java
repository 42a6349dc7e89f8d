package dev.taper.dataset;

import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An upload Taper will not register, answered as problem+json naming every {@link UploadProblem} in
 * {@code errors}; when there is one, its {@code field} or {@code part} is also a top-level
 * property.
 */
public class DatasetUploadException extends ErrorResponseException {

  private final List<UploadProblem> problems;

  DatasetUploadException(
      HttpStatus status, String title, String type, List<UploadProblem> problems) {
    super(status, problem(status, title, type, problems), null);
    this.problems = List.copyOf(problems);
  }

  public List<UploadProblem> problems() {
    return problems;
  }

  /** The request's fields or parts are missing or wrong: 400 with every problem. */
  static DatasetUploadException invalid(List<UploadProblem> problems) {
    return new DatasetUploadException(
        HttpStatus.BAD_REQUEST, "Invalid dataset upload", "invalid-dataset", problems);
  }

  /** A file that does not parse as its format: 400 naming the part, the byte offset and why. */
  static DatasetUploadException unreadable(String part, String filename, DatasetFormatException e) {
    String where = filename == null || filename.isBlank() ? part : part + " (" + filename + ")";
    DatasetUploadException exception =
        new DatasetUploadException(
            HttpStatus.BAD_REQUEST,
            "Unreadable dataset file",
            "unreadable-dataset",
            List.of(UploadProblem.part(part, "at offset " + e.offset() + ": " + e.reason())));
    ProblemDetail body = exception.getBody();
    body.setDetail(where + " at offset " + e.offset() + ": " + e.reason());
    body.setProperty("file", filename);
    body.setProperty("offset", e.offset());
    body.setProperty("reason", e.reason());
    return exception;
  }

  /** A dataset of that name exists: 409. */
  static DatasetUploadException conflict(String name) {
    return new DatasetUploadException(
        HttpStatus.CONFLICT,
        "Dataset exists",
        "dataset-exists",
        List.of(
            UploadProblem.field(
                "name",
                "a dataset named '" + name + "' exists (or is built in); choose another name")));
  }

  /** The request is not multipart/form-data: 415. */
  static DatasetUploadException notMultipart(String contentType) {
    return new DatasetUploadException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "Not a multipart upload",
        "invalid-dataset",
        List.of(
            UploadProblem.field(
                "Content-Type",
                "is "
                    + (contentType == null ? "missing" : "'" + contentType + "'")
                    + "; a dataset upload is multipart/form-data")));
  }

  /** The multipart body does not parse: 400. */
  static DatasetUploadException malformed(UploadProblem problem) {
    return new DatasetUploadException(
        HttpStatus.BAD_REQUEST, "Malformed multipart upload", "invalid-dataset", List.of(problem));
  }

  /** The upload is over the size limit: 413. */
  static DatasetUploadException tooLarge(String limit) {
    return new DatasetUploadException(
        HttpStatus.CONTENT_TOO_LARGE,
        "Dataset upload too large",
        "upload-too-large",
        List.of(
            UploadProblem.part(
                UploadProblem.BODY,
                "the upload is larger than "
                    + limit
                    + ", the limit for all files together (taper.datasets.max-upload-size)")));
  }

  private static ProblemDetail problem(
      HttpStatus status, String title, String type, List<UploadProblem> problems) {
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            status,
            problems.stream().map(UploadProblem::describe).collect(Collectors.joining("; ")));
    p.setTitle(title);
    p.setType(URI.create("https://taper.dev/problems/" + type));
    p.setProperty("errors", problems);
    if (problems.size() == 1) {
      UploadProblem only = problems.get(0);
      p.setProperty(
          only.field() != null ? "field" : "part",
          only.field() != null ? only.field() : only.part());
    }
    return p;
  }
}
