package dev.taper.web;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A request Taper refuses, answered as the problem+json {@link Problems} builds. */
public class ApiException extends ErrorResponseException {

  public ApiException(HttpStatus status, String type, String title, List<ProblemItem> items) {
    super(status, Problems.of(status, type, title, items), null);
  }

  /** A query or path parameter out of range or of the wrong kind: 400. */
  public static ApiException invalidParameter(String parameter, String message) {
    return new ApiException(
        HttpStatus.BAD_REQUEST,
        "invalid-parameter",
        "Invalid parameter",
        List.of(ProblemItem.parameter(parameter, message)));
  }

  /** A request that conflicts with the state of what it names: 409. */
  public static ApiException conflict(String type, String title, ProblemItem item) {
    return new ApiException(HttpStatus.CONFLICT, type, title, List.of(item));
  }
}
