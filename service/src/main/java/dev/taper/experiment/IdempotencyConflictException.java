package dev.taper.experiment;

import dev.taper.web.ProblemItem;
import dev.taper.web.Problems;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An Idempotency-Key already used for a different spec: 409 naming the experiment it created. */
public class IdempotencyConflictException extends ErrorResponseException {

  public IdempotencyConflictException(String key, UUID existing) {
    super(HttpStatus.CONFLICT, problem(key, existing), null);
  }

  private static ProblemDetail problem(String key, UUID existing) {
    ProblemDetail problem =
        Problems.of(
            HttpStatus.CONFLICT,
            "idempotency-conflict",
            "Idempotency-Key reused",
            List.of(
                ProblemItem.header(
                    ExperimentController.IDEMPOTENCY_KEY,
                    "'"
                        + key
                        + "' was already used for another spec (experiment "
                        + existing
                        + ")")));
    problem.setProperty("experimentId", existing);
    return problem;
  }
}
