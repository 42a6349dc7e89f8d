package dev.taper.dataset;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An upload Taper will not register, answered as problem+json. */
public abstract class DatasetUploadException extends ErrorResponseException {

  DatasetUploadException(HttpStatus status, ProblemDetail problem) {
    super(status, problem, null);
  }

  /** The request is missing parts or names them wrongly: 400 with every problem. */
  public static final class Invalid extends DatasetUploadException {
    Invalid(List<String> problems) {
      super(HttpStatus.BAD_REQUEST, problem(problems));
    }

    private static ProblemDetail problem(List<String> problems) {
      ProblemDetail p =
          ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, String.join("; ", problems));
      p.setTitle("Invalid dataset upload");
      p.setType(URI.create("https://taper.dev/problems/invalid-dataset"));
      p.setProperty("errors", problems);
      return p;
    }
  }

  /** A dataset of that name exists: 409. */
  public static final class Conflict extends DatasetUploadException {
    Conflict(String name) {
      super(HttpStatus.CONFLICT, problem(name));
    }

    private static ProblemDetail problem(String name) {
      ProblemDetail p =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.CONFLICT, "a dataset named '" + name + "' exists");
      p.setTitle("Dataset exists");
      p.setType(URI.create("https://taper.dev/problems/dataset-exists"));
      return p;
    }
  }
}
