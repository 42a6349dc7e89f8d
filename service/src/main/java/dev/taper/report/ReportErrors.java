package dev.taper.report;

import dev.taper.web.TypeMismatches;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * A request a page refuses is answered as a page: the problem's title and detail in HTML, with the
 * status the API would give, instead of the API's problem+json in a browser tab.
 */
@ControllerAdvice(assignableTypes = {ReportController.class, ExperimentPages.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class ReportErrors {

  @ExceptionHandler(ErrorResponseException.class)
  ModelAndView refused(ErrorResponseException e) {
    ProblemDetail problem = e.getBody();
    return page(e.getStatusCode(), problem.getTitle(), problem.getDetail());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ModelAndView badParameter(MethodArgumentTypeMismatchException e) {
    return page(HttpStatus.BAD_REQUEST, "Invalid parameter", TypeMismatches.problem(e).describe());
  }

  private static ModelAndView page(HttpStatusCode status, String title, String detail) {
    ModelAndView page = new ModelAndView("report/error");
    page.setStatus(status);
    page.addObject("title", title);
    page.addObject("detail", detail);
    return page;
  }
}
