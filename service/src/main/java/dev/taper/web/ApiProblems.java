package dev.taper.web;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;

/**
 * Every request Spring itself refuses, answered as Taper's problem+json ({@link Problems}): what is
 * wrong and where (the body, a parameter, a header, the path), never a stack trace. An error Taper
 * did not foresee is a 500 that names a reference the log carries beside the stack trace.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

  /** How the parser begins its message for a name given twice in one object. */
  private static final String DUPLICATE_FIELD = "Duplicate Object property";

  /** A parenthesis or a trailing clause that names a Java class, field or method in backquotes. */
  private static final Pattern JAVA_NAMES =
      Pattern.compile(
          " ?\\(bound as `[\\w.$]+`\\)|, from `[\\w.$]+(?:\\(\\))?`|: not allowed as per `[\\w.$]+`");

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (BodyLimit.exceeded(e)) {
      return answer(
          HttpStatus.CONTENT_TOO_LARGE,
          "body-too-large",
          "Request body too large",
          ProblemItem.part("body", "is over the " + BodyLimit.describe() + " a JSON body may be"));
    }
    String duplicated = duplicatedField(e);
    if (duplicated != null) {
      return answer(
          HttpStatus.BAD_REQUEST,
          "unreadable-body",
          "Unreadable request body",
          ProblemItem.field(duplicated, "is named twice; give each field once"));
    }
    return answer(
        HttpStatus.BAD_REQUEST,
        "unreadable-body",
        "Unreadable request body",
        ProblemItem.part("body", unreadable(e)));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
      HttpMediaTypeNotSupportedException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String given = e.getContentType() == null ? "missing" : "'" + e.getContentType() + "'";
    return answer(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "unsupported-content-type",
        "Unsupported content type",
        ProblemItem.header(
            HttpHeaders.CONTENT_TYPE,
            "is " + given + "; this endpoint takes " + types(e.getSupportedMediaTypes())));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(
      HttpMediaTypeNotAcceptableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return answer(
        HttpStatus.NOT_ACCEPTABLE,
        "not-acceptable",
        "Not acceptable",
        ProblemItem.header(
            HttpHeaders.ACCEPT,
            "accepts nothing this endpoint answers with ("
                + types(e.getSupportedMediaTypes())
                + ")"));
  }

  @Override
  protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(
      HttpRequestMethodNotSupportedException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String allowed =
        e.getSupportedHttpMethods() == null
            ? "none"
            : e.getSupportedHttpMethods().stream()
                .map(Object::toString)
                .sorted()
                .collect(Collectors.joining(", "));
    ResponseEntity<Object> answer =
        answer(
            HttpStatus.METHOD_NOT_ALLOWED,
            "method-not-allowed",
            "Method not allowed",
            ProblemItem.path(path(request), "takes " + allowed + ", not " + e.getMethod()));
    return ResponseEntity.status(answer.getStatusCode())
        .headers(headers)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(answer.getBody());
  }

  @Override
  protected ResponseEntity<Object> handleNoResourceFoundException(
      NoResourceFoundException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return answer(
        HttpStatus.NOT_FOUND,
        "no-such-endpoint",
        "No such endpoint",
        ProblemItem.path(path(request), "names no endpoint; see /v3/api-docs"));
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return answer(
        HttpStatus.BAD_REQUEST,
        "invalid-parameter",
        "Invalid parameter",
        TypeMismatches.problem(e));
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(
      MissingServletRequestParameterException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return answer(
        HttpStatus.BAD_REQUEST,
        "invalid-parameter",
        "Invalid parameter",
        ProblemItem.parameter(e.getParameterName(), "is required"));
  }

  @Override
  protected ResponseEntity<Object> handleServletRequestBindingException(
      ServletRequestBindingException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemItem item =
        e instanceof MissingRequestHeaderException missing
            ? ProblemItem.header(missing.getHeaderName(), "is required")
            : ProblemItem.path(path(request), e.getMessage());
    return answer(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", item);
  }

  /** The one answer to what nothing else handles: a 500 with a reference into the log. */
  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
    String reference = UUID.randomUUID().toString();
    log.error("unexpected error answering {} (reference {})", path(request), reference, e);
    return answer(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "internal-error",
        "Internal error",
        ProblemItem.path(
            path(request),
            "failed unexpectedly; the service log has the details under reference " + reference));
  }

  private static ResponseEntity<Object> answer(
      HttpStatus status, String type, String title, ProblemItem item) {
    ProblemDetail problem = Problems.of(status, type, title, List.of(item));
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  /** Where JSON stopped making sense, in the parser's words, without the exception's class. */
  private static String unreadable(HttpMessageNotReadableException e) {
    Throwable cause = e.getMostSpecificCause();
    if (cause instanceof JacksonException json) {
      TokenStreamLocation at = json.getLocation();
      String where =
          at == null || at.getLineNr() < 1
              ? ""
              : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      return "is not valid JSON" + where + ": " + withoutJavaNames(json.getOriginalMessage());
    }
    if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
      return "is missing";
    }
    return "could not be read: " + cause.getMessage();
  }

  /**
   * The path of the field a body names twice (e.g. {@code imitate.optimizer.learningRate}), or null
   * when the body is unreadable for another reason. The parser refuses the second name as it reads
   * it, so its context still says where: the object's current name, and each enclosing one's.
   */
  private static String duplicatedField(HttpMessageNotReadableException e) {
    if (!(e.getMostSpecificCause() instanceof StreamReadException read)
        || read.getOriginalMessage() == null
        || !read.getOriginalMessage().startsWith(DUPLICATE_FIELD)
        || read.processor() == null) {
      return null;
    }
    StringBuilder path = new StringBuilder();
    for (TokenStreamContext at = read.processor().streamReadContext();
        at != null && !at.inRoot();
        at = at.getParent()) {
      if (at.inArray()) {
        path.insert(0, "[" + at.getCurrentIndex() + "]");
      } else if (at.currentName() != null) {
        path.insert(0, "." + at.currentName());
      }
    }
    return path.isEmpty() ? null : path.substring(path.charAt(0) == '.' ? 1 : 0);
  }

  /**
   * The parser's message without the Java type and setting names it quotes, which say nothing to a
   * client: "Trailing token (`START_OBJECT`) found after value (bound as
   * `tools.jackson.databind.JsonNode`): not allowed as per
   * `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`" becomes "Trailing token (`START_OBJECT`)
   * found after value".
   */
  static String withoutJavaNames(String message) {
    return JAVA_NAMES.matcher(message).replaceAll("");
  }

  private static String types(List<MediaType> types) {
    return types.isEmpty()
        ? "no body"
        : types.stream().map(MediaType::toString).collect(Collectors.joining(", "));
  }

  private static String path(WebRequest request) {
    return request instanceof ServletWebRequest servlet
        ? servlet.getRequest().getRequestURI()
        : request.getDescription(false);
  }
}
