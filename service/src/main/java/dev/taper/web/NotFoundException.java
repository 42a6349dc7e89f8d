package dev.taper.web;

import java.util.List;
import org.springframework.http.HttpStatus;

/** A 404 answered as problem+json, naming the id that names nothing. */
public class NotFoundException extends ApiException {

  public NotFoundException(String what, Object id) {
    super(
        HttpStatus.NOT_FOUND,
        "not-found",
        capitalised(what) + " not found",
        List.of(ProblemItem.parameter("id", "no " + what + " with id " + id)));
  }

  private static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
