package dev.taper.config;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A 404 answered as problem+json. */
public class NotFoundException extends ErrorResponseException {

  public NotFoundException(String what, Object id) {
    super(HttpStatus.NOT_FOUND, problem(what, id), null);
  }

  private static ProblemDetail problem(String what, Object id) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no " + what + " with id " + id);
    problem.setTitle(capitalised(what) + " not found");
    problem.setType(URI.create("https://taper.dev/problems/not-found"));
    return problem;
  }

  private static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
