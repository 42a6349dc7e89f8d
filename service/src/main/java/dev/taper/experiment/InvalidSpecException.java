package dev.taper.experiment;

import dev.taper.training.family.FieldError;
import dev.taper.web.ProblemItem;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A spec with problems: answered 400 with every offending field in {@code errors}. */
public class InvalidSpecException extends ErrorResponseException {

  private final List<FieldError> errors;

  public InvalidSpecException(List<FieldError> errors) {
    super(HttpStatus.BAD_REQUEST, problem(errors), null);
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }

  private static ProblemDetail problem(List<FieldError> errors) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            errors.size() == 1
                ? "1 field of the experiment spec is invalid"
                : errors.size() + " fields of the experiment spec are invalid");
    problem.setTitle("Invalid experiment spec");
    problem.setType(URI.create("https://taper.dev/problems/invalid-spec"));
    problem.setProperty("errors", errors.stream().map(InvalidSpecException::item).toList());
    return problem;
  }

  /** A problem with the document as a whole (not a JSON object) is one with the body. */
  private static ProblemItem item(FieldError error) {
    return error.field().isEmpty()
        ? ProblemItem.part("body", error.message())
        : ProblemItem.field(error.field(), error.message());
  }
}
