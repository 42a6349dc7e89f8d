package dev.taper.web;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The problem+json documents Taper answers, built one way: a status, a type and title per kind of
 * problem, a detail a person can read, and the places at fault in {@code errors}.
 */
public final class Problems {

  private static final String TYPES = "https://taper.dev/problems/";

  private Problems() {}

  /**
   * @param type the problem's kind, e.g. {@code invalid-parameter} (becomes its type URI)
   */
  public static ProblemDetail of(
      HttpStatusCode status, String type, String title, List<ProblemItem> items) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(items));
    problem.setType(URI.create(TYPES + type));
    problem.setTitle(title);
    problem.setProperty("errors", List.copyOf(items));
    return problem;
  }

  public static ProblemDetail of(
      HttpStatusCode status, String type, String title, ProblemItem item) {
    return of(status, type, title, List.of(item));
  }

  private static String detail(List<ProblemItem> items) {
    if (items.size() == 1) {
      return items.get(0).describe();
    }
    return items.size()
        + " problems: "
        + String.join("; ", items.stream().map(ProblemItem::describe).toList());
  }
}
