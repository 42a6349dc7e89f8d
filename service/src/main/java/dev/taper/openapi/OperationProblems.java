package dev.taper.openapi;

import dev.taper.dataset.DatasetConflicts;
import dev.taper.dataset.UploadAbandonedException;
import dev.taper.experiment.ExperimentConflicts;
import dev.taper.experiment.IdempotencyConflictException;
import dev.taper.experiment.InvalidSpecException;
import dev.taper.metrics.MetricName;
import dev.taper.training.WireName;
import dev.taper.training.export.ExportFormat;
import dev.taper.training.family.FieldError;
import dev.taper.training.onnx.Precision;
import dev.taper.web.ApiException;
import dev.taper.web.DependentExperiments;
import dev.taper.web.NotFoundException;
import dev.taper.web.ProblemItem;
import dev.taper.web.Problems;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The problems each operation answers of its own, by {@code operationId}: its 404 (what the id
 * names), its 409s, and the 400s, 413, 415 and 503 it words itself. Each is built by the exception
 * the operation throws where that can be built here, and otherwise in the words of the code that
 * throws it (named beside it), so that an operation's examples are what it answers and never
 * another's. The problems every request may meet (a parameter of the wrong kind, an unreadable or
 * oversized JSON body, Accept and Content-Type, a 500) are described from the operation itself by
 * {@link ProblemExamples}.
 */
final class OperationProblems {

  private static final UUID EXPERIMENT_ID = UUID.fromString("0b0f5b1e-5d27-4b43-9a53-1d1a8c9f3f11");
  private static final UUID MODEL_ID = UUID.fromString("5c3e2a91-7d4b-4f1e-b8a6-2e9d0c7f4a13");
  private static final UUID TAUGHT_ID = UUID.fromString("7a1d4c2e-3b5f-4e8a-9c6d-0f2b8e4a1c57");
  private static final long JOB_ID = 99999;
  private static final String DATASET = "my-digits";
  private static final String BUILTIN_DATASET = "fashion-mnist";

  /** The value of a path's id in the examples, by the collection it names a member of. */
  static final Map<String, Object> SAMPLE_IDS =
      Map.of("experiments", EXPERIMENT_ID, "models", MODEL_ID, "jobs", JOB_ID, "datasets", DATASET);

  private static final long EXPORT_JOB_ID = 4242;

  private static final Map<String, List<ProblemDetail>> BY_OPERATION = byOperation();

  private OperationProblems() {}

  /** The operation's own problems of this status, in the order they are listed. */
  static List<ProblemDetail> of(String operationId, int status) {
    return BY_OPERATION.getOrDefault(operationId, List.of()).stream()
        .filter(problem -> problem.getStatus() == status)
        .toList();
  }

  private static Map<String, List<ProblemDetail>> byOperation() {
    Map<String, List<ProblemDetail>> problems = new LinkedHashMap<>();
    // ExperimentController, SpecValidator, ExperimentService
    problems.put(
        "submitExperiment",
        List.of(
            new InvalidSpecException(List.of(new FieldError("seed", "must be >= 0"))).getBody(),
            // ExperimentController.checkIdempotencyKey
            problem(
                HttpStatus.BAD_REQUEST,
                "invalid-header",
                "Invalid header",
                ProblemItem.header(
                    "Idempotency-Key", "must be 1 to 200 printable ASCII characters, was 201")),
            new IdempotencyConflictException("nightly-2024-06-01", EXPERIMENT_ID).getBody()));
    problems.put(
        "listExperiments", List.of(invalidParameter("size", "must be between 1 and 200, was 0")));
    problems.put("getExperiment", List.of(notFound("experiment", EXPERIMENT_ID)));
    problems.put(
        "updateExperiment",
        List.of(
            // InvalidUpdateException, from TagUpdate
            problem(
                HttpStatus.BAD_REQUEST,
                "invalid-update",
                "Invalid experiment update",
                ProblemItem.field(
                    "status", "is not a field of an experiment update (only tags is)")),
            notFound("experiment", EXPERIMENT_ID)));
    problems.put(
        "cancelExperiment", List.of(notFound("experiment", EXPERIMENT_ID), experimentFinished()));
    // ExperimentDeletion, ExperimentConflicts
    problems.put(
        "deleteExperiment",
        List.of(
            notFound("experiment", EXPERIMENT_ID),
            ExperimentConflicts.active(EXPERIMENT_ID, List.of(JOB_ID), List.of()).getBody(),
            ExperimentConflicts.inUse(
                    EXPERIMENT_ID, new DependentExperiments(1, List.of(TAUGHT_ID)))
                .getBody()));
    // ModelSearchController, ModelController, ExportController and ExportService
    problems.put(
        "searchModels",
        List.of(invalidParameter("minAccuracy", "must be a fraction between 0 and 1, was 1.5")));
    problems.put("getModel", List.of(notFound("model", MODEL_ID)));
    problems.put("getModelLineage", List.of(notFound("model", MODEL_ID)));
    problems.put(
        "downloadModel",
        List.of(
            invalidParameter(
                "precision",
                "applies to an export's download, which needs a format too: add format=onnx"),
            invalidParameter("format", "must be one of " + WireName.allOf(ExportFormat.class)),
            notFound("model", MODEL_ID),
            exportNotFound(),
            exportInProgress()));
    problems.put(
        "requestExports",
        List.of(
            // ExportOrder.invalid
            problem(
                HttpStatus.BAD_REQUEST,
                "invalid-export",
                "Invalid export request",
                ProblemItem.field(
                    "precisions[0]", "must be one of " + WireName.allOf(Precision.class))),
            notFound("model", MODEL_ID),
            notExportable()));
    problems.put("listExports", List.of(notFound("model", MODEL_ID)));
    // JobController, ExportService.cancel, MetricsController
    problems.put("getJob", List.of(notFound("job", JOB_ID)));
    problems.put("cancelJob", List.of(notFound("job", JOB_ID), jobFinished(), jobNotCancellable()));
    problems.put(
        "getJobMetrics",
        List.of(
            invalidParameter(
                "name", "must be one of " + WireName.allOf(MetricName.class) + ", was 'accuracy'"),
            notFound("job", JOB_ID)));
    // DatasetController, DatasetNotFoundException, DatasetDeletion, DatasetConflicts,
    // DatasetUploads, DatasetUploadException
    problems.put("getDataset", List.of(datasetNotFound()));
    problems.put(
        "deleteDataset",
        List.of(
            datasetNotFound(),
            datasetBuiltin(),
            DatasetConflicts.inUse(DATASET, new DependentExperiments(1, List.of(EXPERIMENT_ID)))
                .getBody()));
    problems.put(
        "uploadDataset",
        List.of(
            upload(
                HttpStatus.BAD_REQUEST,
                "Invalid dataset upload",
                "invalid-dataset",
                "format",
                "'zip' is not idx or csv"),
            upload(
                HttpStatus.CONFLICT,
                "Dataset exists",
                "dataset-exists",
                "name",
                "a dataset named '" + DATASET + "' exists (or is built in); choose another name"),
            uploadPart(
                HttpStatus.CONTENT_TOO_LARGE,
                "Dataset upload too large",
                "upload-too-large",
                "body",
                "the upload is larger than 512 MB, the limit for all files together"
                    + " (taper.datasets.max-upload-size)"),
            upload(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Not a multipart upload",
                "invalid-dataset",
                "Content-Type",
                "is 'application/json'; a dataset upload is multipart/form-data"),
            new UploadAbandonedException(
                    "datasets/" + DATASET + "-3f6c1d2a-8b4e-4c7a-9e15-6d2b0a8f7c43",
                    Duration.ofHours(6))
                .getBody()));
    return Map.copyOf(problems);
  }

  private static ProblemDetail notFound(String what, Object id) {
    return new NotFoundException(what, id).getBody();
  }

  private static ProblemDetail invalidParameter(String parameter, String message) {
    return ApiException.invalidParameter(parameter, message).getBody();
  }

  private static ProblemDetail problem(
      HttpStatus status, String type, String title, ProblemItem item) {
    return Problems.of(status, type, title, item);
  }

  /** ExperimentService.finished. */
  private static ProblemDetail experimentFinished() {
    ProblemDetail problem =
        problem(
            HttpStatus.CONFLICT,
            "experiment-finished",
            "Experiment already finished",
            ProblemItem.parameter(
                "id",
                "experiment "
                    + EXPERIMENT_ID
                    + " is SUCCEEDED; only a queued or running experiment can be cancelled"));
    problem.setProperty("experimentStatus", "SUCCEEDED");
    return problem;
  }

  /** ExportService.forDownload: no such export, and how to make it. */
  private static ProblemDetail exportNotFound() {
    return problem(
        HttpStatus.NOT_FOUND,
        "export-not-found",
        "No such export",
        ProblemItem.parameter(
            "precision",
            "model "
                + MODEL_ID
                + " has no ONNX export: none has been made; create it with POST /api/v1/models/"
                + MODEL_ID
                + "/exports and the body {\"formats\": [\"onnx\"], \"precisions\": [\"fp16\"]},"
                + " then download it here once its job has succeeded"));
  }

  /** ExportService.forDownload: the export is being made. */
  private static ProblemDetail exportInProgress() {
    return problem(
        HttpStatus.CONFLICT,
        "export-in-progress",
        "Export not ready yet",
        ProblemItem.parameter(
            "precision",
            "the fp16 ONNX export of model "
                + MODEL_ID
                + " is being made by job "
                + EXPORT_JOB_ID
                + " (RUNNING); poll GET /api/v1/jobs/"
                + EXPORT_JOB_ID
                + " and download it here once it has succeeded"));
  }

  /** ExportService.notExportable: the model is itself an export. */
  private static ProblemDetail notExportable() {
    return problem(
        HttpStatus.CONFLICT,
        "not-exportable",
        "An export cannot be exported",
        ProblemItem.path(
            "id",
            "model "
                + MODEL_ID
                + " is itself an export (onnx-fp16); export the model it came from"));
  }

  /** ExportService.alreadyFinished. */
  private static ProblemDetail jobFinished() {
    return problem(
        HttpStatus.CONFLICT,
        "job-finished",
        "Job already finished",
        ProblemItem.parameter(
            "id",
            "job " + JOB_ID + " is SUCCEEDED; only a queued or running job can be cancelled"));
  }

  /** ExportService.cancel: a stage of an experiment's plan. */
  private static ProblemDetail jobNotCancellable() {
    return problem(
        HttpStatus.CONFLICT,
        "job-not-cancellable",
        "Job is part of an experiment's plan",
        ProblemItem.parameter(
            "id",
            "job "
                + JOB_ID
                + " is the THIN stage of experiment "
                + EXPERIMENT_ID
                + "; cancel the experiment with POST /api/v1/experiments/"
                + EXPERIMENT_ID
                + "/cancel (only an export requested for an existing model is cancelled alone)"));
  }

  /** DatasetNotFoundException. */
  private static ProblemDetail datasetNotFound() {
    ProblemDetail problem =
        problem(
            HttpStatus.NOT_FOUND,
            "not-found",
            "Dataset not found",
            ProblemItem.parameter("name", "no dataset named '" + DATASET + "' is registered"));
    problem.setProperty("name", DATASET);
    return problem;
  }

  /** DatasetConflicts.builtin, asked of a built-in dataset's own path. */
  private static ProblemDetail datasetBuiltin() {
    ProblemDetail problem = DatasetConflicts.builtin(BUILTIN_DATASET).getBody();
    problem.setInstance(URI.create("/api/v1/datasets/" + BUILTIN_DATASET));
    return problem;
  }

  /** DatasetUploadException with one problem with a form field (or the Content-Type). */
  private static ProblemDetail upload(
      HttpStatus status, String title, String type, String field, String message) {
    return upload(status, title, type, "field", field, message);
  }

  /** DatasetUploadException with one problem with a part (or the body as a whole). */
  private static ProblemDetail uploadPart(
      HttpStatus status, String title, String type, String part, String message) {
    return upload(status, title, type, "part", part, message);
  }

  /** DatasetUploadException.problem: the place is also a top-level member. */
  private static ProblemDetail upload(
      HttpStatus status, String title, String type, String kind, String place, String message) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, place + ": " + message);
    problem.setTitle(title);
    problem.setType(URI.create("https://taper.dev/problems/" + type));
    Map<String, String> item = new LinkedHashMap<>();
    item.put(kind, place);
    item.put("message", message);
    problem.setProperty("errors", List.of(item));
    problem.setProperty(kind, place);
    return problem;
  }
}
