package dev.taper.experiment;

import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An Idempotency-Key already used for a different spec: 409. */
public class IdempotencyConflictException extends ErrorResponseException {

  public IdempotencyConflictException(String key, UUID existing) {
    super(HttpStatus.CONFLICT, problem(key, existing), null);
  }

  private static ProblemDetail problem(String key, UUID existing) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.CONFLICT,
            "Idempotency-Key '"
                + key
                + "' was already used for another spec (experiment "
                + existing
                + ")");
    problem.setTitle("Idempotency-Key reused");
    problem.setType(URI.create("https://taper.dev/problems/idempotency-conflict"));
    problem.setProperty("experimentId", existing);
    return problem;
  }
}
