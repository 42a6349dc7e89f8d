package dev.taper.experiment;

import dev.taper.spec.ExperimentSpec;
import dev.taper.tags.Tags;
import dev.taper.web.ApiException;
import dev.taper.web.ApiRole;
import dev.taper.web.ApiTags;
import dev.taper.web.ProblemItem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
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
@Tag(name = ApiTags.EXPERIMENTS)
class ExperimentController {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final int MAX_PAGE_SIZE = 200;
  static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

  static final String SUBMISSION_EXAMPLE =
      """
      {"name": "fmnist-mlp", "dataset": "fashion-mnist",
       "model": {"family": "mlp", "depth": 4, "width": 32},
       "widenFactor": 8, "seed": 7, "device": "auto",
       "wide": {"epochs": 2, "batchSize": 128,
                "optimizer": {"name": "adam", "learningRate": 0.001}},
       "imitate": {"stepsPerLayer": 100, "schedule": "joint", "loss": "normalized_mse"},
       "finetune": {"epochs": 2, "distillation": {"alpha": 0.0, "temperature": 4.0}},
       "baselines": ["scratch", "kd"],
       "limits": {"trainExamples": 10000},
       "tags": ["fmnist", "demo"]}
      """;

  private final ExperimentService experiments;
  private final SpecValidator validator;
  private final ExperimentDeletion deletion;

  ExperimentController(
      ExperimentService experiments, SpecValidator validator, ExperimentDeletion deletion) {
    this.experiments = experiments;
    this.validator = validator;
    this.deletion = deletion;
  }

  /**
   * The body is read as a JSON tree rather than bound straight to {@link ExperimentSpec}, so that
   * unknown fields and wrong types are reported together with every other problem.
   */
  @Operation(
      operationId = "submitExperiment",
      summary = "Submit an experiment",
      description =
          "Validates the spec (every offending field is named in one 400), fills in its defaults,"
              + " plans it into stage jobs and queues them. With an `Idempotency-Key`, repeating"
              + " the same spec returns the experiment already created (200) and another spec is"
              + " a 409. An optional top-level `tags` array labels the experiment; tags are not"
              + " part of the spec and do not count for idempotency.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      schema = @Schema(ref = "#/components/schemas/ExperimentSubmission"),
                      examples = @ExampleObject(name = "small", value = SUBMISSION_EXAMPLE))))
  @ApiResponse(
      responseCode = "201",
      description = "Created and queued; Location names it",
      headers =
          @Header(
              name = "Location",
              description = "The new experiment's URL",
              schema = @Schema(type = "string", format = "uri-reference")))
  @ApiResponse(
      responseCode = "200",
      description = "The experiment this Idempotency-Key created before, for the same spec")
  @ApiResponse(responseCode = "409", description = "The Idempotency-Key was used for another spec")
  @PostMapping
  ResponseEntity<ExperimentView> submit(
      @RequestBody JsonNode spec,
      @Parameter(
              description =
                  "Makes retries safe: the same key and spec return the experiment created first")
          @RequestHeader(name = IDEMPOTENCY_KEY, required = false)
          String idempotencyKey) {
    checkIdempotencyKey(idempotencyKey);
    SubmittedBody body = SubmittedBody.read(spec);
    ExperimentService.Submission submission =
        experiments.submit(
            validator.validate(body.spec(), body.errors()), body.tags(), idempotencyKey);
    ExperimentView view = submission.experiment();
    if (!submission.created()) {
      return ResponseEntity.ok(view);
    }
    return ResponseEntity.created(URI.create("/api/v1/experiments/" + view.id())).body(view);
  }

  @Operation(
      operationId = "listExperiments",
      summary = "List experiments",
      description =
          "Newest first, a page at a time, optionally only those of a status or carrying every"
              + " given tag.")
  @GetMapping
  PageResponse<ExperimentView.Summary> list(
      @Parameter(description = "Only experiments of this status") @RequestParam(required = false)
          ExperimentStatus status,
      @Parameter(
              description =
                  "Only experiments carrying this tag; repeat for several (all must match)")
          @RequestParam(name = "tag", required = false)
          List<String> tags,
      @Parameter(description = "Page number, from 0") @RequestParam(defaultValue = "0") int page,
      @Parameter(description = "Experiments per page, 1 to " + MAX_PAGE_SIZE)
          @RequestParam(defaultValue = "20")
          int size) {
    checkPage(page, size);
    List<String> withTags = tags == null ? List.of() : tags;
    for (String tag : withTags) {
      Tags.problem(tag)
          .ifPresent(
              problem -> {
                throw ApiException.invalidParameter("tag", problem);
              });
    }
    return PageResponse.of(experiments.list(status, withTags, page, size));
  }

  @Operation(
      operationId = "getExperiment",
      summary = "Read an experiment",
      description =
          "The experiment with its resolved spec, its stages (status, live progress, attempts,"
              + " errors) and the models they produced.")
  @GetMapping("/{id}")
  ExperimentView get(@Parameter(description = "The experiment's id") @PathVariable UUID id) {
    return experiments.get(id);
  }

  @Operation(
      operationId = "updateExperiment",
      summary = "Change an experiment's tags",
      description =
          "Replaces the experiment's tags with the given ones (`{\"tags\": []}` or, as a JSON"
              + " merge patch, `{\"tags\": null}` removes them all), whatever its status. Only"
              + " `tags` may be given; `{}` changes nothing.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      schema = @Schema(ref = "#/components/schemas/ExperimentUpdate"),
                      examples =
                          @ExampleObject(value = "{\"tags\": [\"fmnist\", \"baseline-study\"]}"))))
  @PatchMapping(
      value = "/{id}",
      consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
  ExperimentView update(
      @Parameter(description = "The experiment's id") @PathVariable UUID id,
      @RequestBody JsonNode update) {
    return TagUpdate.read(update)
        .map(tags -> experiments.retag(id, tags))
        .orElseGet(() -> experiments.get(id));
  }

  @Operation(
      operationId = "cancelExperiment",
      summary = "Cancel an experiment",
      description =
          "Stages that have not started are cancelled at once; running ones stop at their next"
              + " heartbeat and record nothing. Exports requested later for its models go on"
              + " (POST /api/v1/jobs/{id}/cancel cancels one). A finished experiment cannot be"
              + " cancelled (409).")
  @ApiResponse(responseCode = "202", description = "Cancellation accepted")
  @ApiResponse(responseCode = "409", description = "The experiment has already finished")
  @PostMapping("/{id}/cancel")
  ResponseEntity<ExperimentView> cancel(
      @Parameter(description = "The experiment's id") @PathVariable UUID id) {
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(experiments.cancel(id));
  }

  @Operation(
      operationId = "deleteExperiment",
      summary = "Delete an experiment",
      description =
          "Deletes an experiment whose jobs have all ended, with everything it owns: its stage"
              + " jobs and their metric history, its models (exports included) with their"
              + " lineage, its tags, and then the models' files and the jobs' checkpoints in the"
              + " artifact store (a file the store refuses is deleted later by the workers'"
              + " housekeeping). An"
              + " experiment with a job that has not ended is a 409 (cancel it first), and so is"
              + " one whose model another experiment reuses as its teacher (the problem says how"
              + " many and which: delete those first).")
  @ApiResponse(responseCode = "204", description = "Deleted, with its models and their files")
  @ApiResponse(responseCode = "404", description = "No experiment has this id")
  @ApiResponse(
      responseCode = "409",
      description =
          "One of its jobs has not ended, or one of its models teaches another experiment")
  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(
      @Parameter(description = "The experiment's id") @PathVariable UUID id) {
    deletion.delete(id);
    return ResponseEntity.noContent().build();
  }

  private static void checkPage(int page, int size) {
    if (page < 0) {
      throw ApiException.invalidParameter("page", "must be >= 0, was " + page);
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw ApiException.invalidParameter(
          "size", "must be between 1 and " + MAX_PAGE_SIZE + ", was " + size);
    }
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
