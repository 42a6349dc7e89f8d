package dev.taper.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where the servlet container sends a request that failed outside Spring MVC (a body cut short
 * while it was read, an error in a filter): answered as problem+json like every other error, in
 * place of Spring Boot's default error document.
 */
@RestController
class ErrorEndpoint implements ErrorController {

  @RequestMapping(
      path = "${server.error.path:/error}",
      produces = MediaType.APPLICATION_PROBLEM_JSON_VALUE)
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    HttpStatus status = status(request);
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    String path = uri == null ? request.getRequestURI() : uri.toString();
    String message =
        switch (status.series()) {
          case CLIENT_ERROR -> "could not be read: the request was malformed or cut short";
          default -> "failed unexpectedly in the server; the service log says why";
        };
    ProblemDetail problem =
        Problems.of(
            status,
            status.is4xxClientError() ? "malformed-request" : "internal-error",
            status.getReasonPhrase(),
            List.of(ProblemItem.path(path, message)));
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  private static HttpStatus status(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    HttpStatus status =
        code instanceof Integer value
            ? HttpStatus.resolve(value)
            : HttpStatus.INTERNAL_SERVER_ERROR;
    return status == null || status.value() < 400 ? HttpStatus.INTERNAL_SERVER_ERROR : status;
  }
}
