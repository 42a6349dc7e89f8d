package dev.taper.experiment;

import dev.taper.training.family.FieldError;
import dev.taper.web.ApiException;
import dev.taper.web.ProblemItem;
import java.util.List;
import org.springframework.http.HttpStatus;

/** An experiment update with problems: 400 naming every offending field. */
class InvalidUpdateException extends ApiException {

  InvalidUpdateException(List<FieldError> errors) {
    super(
        HttpStatus.BAD_REQUEST,
        "invalid-update",
        "Invalid experiment update",
        errors.stream()
            .map(
                e ->
                    e.field().isEmpty()
                        ? ProblemItem.part("body", e.message())
                        : ProblemItem.field(e.field(), e.message()))
            .toList());
  }
}
