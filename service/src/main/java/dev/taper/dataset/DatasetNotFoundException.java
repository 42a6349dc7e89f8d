package dev.taper.dataset;

import dev.taper.web.ApiException;
import dev.taper.web.ProblemItem;
import java.util.List;
import org.springframework.http.HttpStatus;

/** No dataset of that name is registered: 404 problem+json naming it. */
class DatasetNotFoundException extends ApiException {

  DatasetNotFoundException(String name) {
    super(
        HttpStatus.NOT_FOUND,
        "not-found",
        "Dataset not found",
        List.of(ProblemItem.parameter("name", message(name))));
    getBody().setProperty("name", name);
  }

  private static String message(String name) {
    String message = "no dataset named '" + name + "' is registered";
    if (name.equals(FashionMnist.NAME) || name.equals(FashionMnistMini.NAME)) {
      message += "; it is built in, and the first experiment naming it registers it";
    }
    return message;
  }
}
