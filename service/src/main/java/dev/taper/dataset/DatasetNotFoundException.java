package dev.taper.dataset;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No dataset of that name is registered: 404 problem+json. */
class DatasetNotFoundException extends ErrorResponseException {

  DatasetNotFoundException(String name) {
    super(HttpStatus.NOT_FOUND, problem(name), null);
  }

  private static ProblemDetail problem(String name) {
    String detail = "no dataset named '" + name + "' is registered";
    if (name.equals(FashionMnist.NAME) || name.equals(FashionMnistMini.NAME)) {
      detail += "; it is built in, and the first experiment naming it registers it";
    }
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
    problem.setTitle("Dataset not found");
    problem.setType(URI.create("https://taper.dev/problems/not-found"));
    problem.setProperty("name", name);
    return problem;
  }
}
