package dev.taper.experiment;

import dev.taper.config.ApiException;
import dev.taper.config.ApiRole;
import dev.taper.config.ProblemItem;
import dev.taper.spec.ExperimentSpec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@ApiRole
@RequestMapping("/api/v1/experiments")
class ExperimentController {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final int MAX_PAGE_SIZE = 200;
  static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

  private final ExperimentService experiments;
  private final SpecValidator validator;

  ExperimentController(ExperimentService experiments, SpecValidator validator) {
    this.experiments = experiments;
    this.validator = validator;
  }

  /**
   * The body is read as a JSON tree rather than bound straight to {@link ExperimentSpec}, so that
   * unknown fields and wrong types are reported together with every other problem.
   */
  @Operation(
      summary = "Submit an experiment",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = @Content(schema = @Schema(implementation = ExperimentSpec.class))))
  @PostMapping
  ResponseEntity<ExperimentView> submit(
      @RequestBody JsonNode spec,
      @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
    checkIdempotencyKey(idempotencyKey);
    ExperimentService.Submission submission =
        experiments.submit(validator.validate(spec), idempotencyKey);
    ExperimentView view = submission.experiment();
    if (!submission.created()) {
      return ResponseEntity.ok(view);
    }
    return ResponseEntity.created(URI.create("/api/v1/experiments/" + view.id())).body(view);
  }

  @GetMapping
  PageResponse<ExperimentView.Summary> list(
      @RequestParam(required = false) ExperimentStatus status,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size) {
    if (page < 0) {
      throw ApiException.invalidParameter("page", "must be >= 0, was " + page);
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw ApiException.invalidParameter(
          "size", "must be between 1 and " + MAX_PAGE_SIZE + ", was " + size);
    }
    return PageResponse.of(experiments.list(status, page, size));
  }

  @GetMapping("/{id}")
  ExperimentView get(@PathVariable UUID id) {
    return experiments.get(id);
  }

  @PostMapping("/{id}/cancel")
  ResponseEntity<ExperimentView> cancel(@PathVariable UUID id) {
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(experiments.cancel(id));
  }

  /** Keys are stored and indexed: printable ASCII, of a length an index can hold. */
  private static void checkIdempotencyKey(String key) {
    if (key == null) {
      return;
    }
    boolean printable = key.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    if (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH || !printable) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "invalid-header",
          "Invalid header",
          List.of(
              ProblemItem.header(
                  IDEMPOTENCY_KEY,
                  "must be 1 to "
                      + MAX_IDEMPOTENCY_KEY_LENGTH
                      + " printable ASCII characters, was "
                      + key.length())));
    }
  }

  /** A page of a listing. */
  record PageResponse<T>(List<T> items, int page, int size, long totalItems, int totalPages) {
    static <T> PageResponse<T> of(Page<T> page) {
      return new PageResponse<>(
          page.getContent(),
          page.getNumber(),
          page.getSize(),
          page.getTotalElements(),
          page.getTotalPages());
    }
  }
}
