package dev.taper.export;

import dev.taper.export.ExportRequests.PendingExport;
import dev.taper.model.ModelCatalog;
import dev.taper.model.ModelRole;
import dev.taper.model.ModelView;
import dev.taper.properties.TaperProperties;
import dev.taper.queue.JobCancellations;
import dev.taper.queue.JobCancellations.JobCancellation;
import dev.taper.queue.JobStatus;
import dev.taper.queue.JobView;
import dev.taper.queue.NewJob;
import dev.taper.queue.StageQueue;
import dev.taper.training.StageKind;
import dev.taper.training.export.ExportVariant;
import dev.taper.training.onnx.Precision;
import dev.taper.web.ApiException;
import dev.taper.web.NotFoundException;
import dev.taper.web.ProblemItem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Requests exports of existing models and finds them. An export is a stage of the source model's
 * experiment: an EXPORT job, then a model of role EXPORT linked to its source by {@code
 * EXPORTED_FROM}.
 */
@Service
public class ExportService {

  /** Exports run before waiting baselines: a user asking for one wants it now. */
  static final int EXPORT_PRIORITY = 10;

  private final ModelCatalog models;
  private final StageQueue queue;
  private final ExportRequests requests;
  private final JobCancellations cancellations;
  private final int maxAttempts;

  ExportService(
      ModelCatalog models,
      StageQueue queue,
      ExportRequests requests,
      JobCancellations cancellations,
      TaperProperties properties) {
    this.models = models;
    this.queue = queue;
    this.requests = requests;
    this.cancellations = cancellations;
    this.maxAttempts = properties.worker().maxAttempts();
  }

  /**
   * Queues an EXPORT job for each variant that neither exists nor is being made; reports where each
   * variant stands.
   */
  @Transactional
  public List<ExportStatus> request(UUID modelId, List<ExportVariant> variants) {
    ModelView model = exportable(modelId);
    // a deletion of the model's experiment waits for this request and then sees its jobs, or went
    // first: then there is no model to export
    if (!models.holdForDependant(model.id())) {
      throw new NotFoundException("model", modelId);
    }
    requests.lockModel(model.id());
    List<ExportStatus> statuses = new ArrayList<>();
    for (ExportVariant variant : variants) {
      Optional<ExportStatus> existing = status(model, variant);
      if (existing.isPresent()) {
        statuses.add(existing.get());
        continue;
      }
      long job =
          queue
              .enqueue(
                  model.experimentId(),
                  List.of(
                      new NewJob(StageKind.EXPORT.name(), -1, EXPORT_PRIORITY, maxAttempts, false)))
              .get(0);
      requests.recordFor(job, model.id(), variant);
      statuses.add(new ExportStatus(variant.format(), variant.precision(), "QUEUED", null, job));
    }
    return statuses;
  }

  /**
   * Cancels an export requested for an existing model: at once while it waits, at the end of its
   * current step while it runs (one that has begun to publish finishes). A job of an experiment's
   * plan is cancelled with its experiment.
   *
   * @throws NotFoundException when there is no such job
   * @throws ApiException 409 when the job is not a requested export or has already ended
   */
  @Transactional
  public JobView cancel(long jobId) {
    JobView job = queue.find(jobId).orElseThrow(() -> new NotFoundException("job", jobId));
    if (job.status().isTerminal()) {
      throw alreadyFinished(jobId, job.status());
    }
    boolean requested =
        requests.ofJob(jobId).map(request -> request.sourceModelId() != null).orElse(false);
    if (!requested) {
      throw ApiException.conflict(
          "job-not-cancellable",
          "Job is part of an experiment's plan",
          ProblemItem.parameter(
              "id",
              "job "
                  + jobId
                  + " is the "
                  + job.kind()
                  + " stage of experiment "
                  + job.experimentId()
                  + "; cancel the experiment with POST /api/v1/experiments/"
                  + job.experimentId()
                  + "/cancel (only an export requested for an existing model is cancelled alone)"));
    }
    JobCancellation cancellation =
        cancellations.cancelJob(jobId).orElseThrow(() -> new NotFoundException("job", jobId));
    if (!cancellation.changed()) {
      throw alreadyFinished(jobId, cancellation.status());
    }
    return queue.find(jobId).orElseThrow(() -> new NotFoundException("job", jobId));
  }

  private static ApiException alreadyFinished(long jobId, JobStatus status) {
    return ApiException.conflict(
        "job-finished",
        "Job already finished",
        ProblemItem.parameter(
            "id",
            "job " + jobId + " is " + status + "; only a queued or running job can be cancelled"));
  }

  /**
   * Every export of the model that exists, then every one still being made (with its job's status),
   * each variant once.
   */
  @Transactional(readOnly = true)
  public List<ExportStatus> statuses(UUID modelId) {
    ModelView model =
        models.find(modelId).orElseThrow(() -> new NotFoundException("model", modelId));
    List<ExportStatus> statuses = new ArrayList<>();
    Set<ExportVariant> listed = new HashSet<>();
    for (ModelView export : models.exportsOf(model.id())) {
      statuses.add(exported(export));
      listed.add(export.export());
    }
    for (PendingExport pending : requests.pending(model.id(), model.producedBy())) {
      if (listed.add(pending.variant())) {
        statuses.add(making(pending));
      }
    }
    return statuses;
  }

  /**
   * The export to download, or a 4xx saying why there is none: 404 with how to create it, or 409
   * while it is being made. The problem names the query parameter that chose what is missing: the
   * {@code precision} when the request gave one, else the {@code format} (the precision then being
   * the default, fp32), never a parameter the request left out.
   *
   * @param precisionGiven whether the request named the precision, or {@code variant} has the
   *     default one
   */
  @Transactional(readOnly = true)
  public ModelView forDownload(UUID modelId, ExportVariant variant, boolean precisionGiven) {
    ModelView model =
        models.find(modelId).orElseThrow(() -> new NotFoundException("model", modelId));
    if (model.role() == ModelRole.EXPORT) {
      // an export's own id: itself, in its format at its own precision unless another was named
      if (variant.equals(model.export())
          || (!precisionGiven && variant.format() == model.export().format())) {
        return model;
      }
      throw notThisExport(model, variant, precisionGiven);
    }
    Optional<ModelView> export = models.exportOf(model.id(), variant);
    if (export.isPresent()) {
      return export.get();
    }
    String chosenBy = precisionGiven ? "precision" : "format";
    String asked = asked(variant, precisionGiven);
    Optional<PendingExport> pending = requests.pending(model.id(), model.producedBy(), variant);
    if (pending.isPresent()) {
      throw ApiException.conflict(
          "export-in-progress",
          "Export not ready yet",
          ProblemItem.parameter(
              chosenBy,
              "the "
                  + asked
                  + " of model "
                  + model.id()
                  + " is being made by job "
                  + pending.get().jobId()
                  + " ("
                  + pending.get().status()
                  + "); poll GET /api/v1/jobs/"
                  + pending.get().jobId()
                  + " and download it here once it has succeeded"));
    }
    List<Precision> others =
        models.exportsOf(model.id()).stream()
            .map(ModelView::export)
            .filter(other -> other.format() == variant.format())
            .map(ExportVariant::precision)
            .distinct()
            .toList();
    String create =
        "create it with POST /api/v1/models/"
            + model.id()
            + "/exports and the body {\"formats\": [\""
            + variant.format().wireName()
            + "\"], \"precisions\": [\""
            + variant.precision().wireName()
            + "\"]}, then download it here once its job has succeeded";
    String message;
    if (others.isEmpty()) {
      message =
          "model "
              + model.id()
              + " has no "
              + formatName(variant)
              + " export: none has been made; "
              + (precisionGiven ? create : create.replace("create it", "create one"));
    } else {
      message =
          "model "
              + model.id()
              + " has no "
              + asked
              + "; it has "
              + others.stream().map(Precision::wireName).toList()
              + " (download one with precision="
              + others.get(0).wireName()
              + "), or "
              + create;
    }
    throw new ApiException(
        HttpStatus.NOT_FOUND,
        "export-not-found",
        "No such export",
        List.of(ProblemItem.parameter(chosenBy, message)));
  }

  /** "fp32 ONNX export", and why fp32 when the request named no precision. */
  private static String asked(ExportVariant variant, boolean precisionGiven) {
    return variant.precision().wireName()
        + " "
        + formatName(variant)
        + " export"
        + (precisionGiven ? "" : " (fp32 is the precision when none is given)");
  }

  private static String formatName(ExportVariant variant) {
    return variant.format().wireName().toUpperCase(java.util.Locale.ROOT);
  }

  /** A download of an export's own id asking for another format or precision than its own. */
  private static ApiException notThisExport(
      ModelView export, ExportVariant variant, boolean precisionGiven) {
    JsonNode source = export.metrics() == null ? null : export.metrics().get("sourceModelId");
    String from =
        source == null || !source.isString()
            ? "the model it came from"
            : "model " + source.asString();
    return new ApiException(
        HttpStatus.NOT_FOUND,
        "export-not-found",
        "No such export",
        List.of(
            ProblemItem.parameter(
                precisionGiven ? "precision" : "format",
                "model "
                    + export.id()
                    + " is itself an export ("
                    + export.export().label()
                    + "): download it without format, or with format="
                    + export.export().format().wireName()
                    + "; the "
                    + asked(variant, precisionGiven)
                    + " is one of "
                    + from
                    + ", downloaded with its id")));
  }

  private ModelView exportable(UUID modelId) {
    ModelView model =
        models.find(modelId).orElseThrow(() -> new NotFoundException("model", modelId));
    if (model.role() == ModelRole.EXPORT) {
      throw notExportable(model);
    }
    return model;
  }

  private Optional<ExportStatus> status(ModelView model, ExportVariant variant) {
    Optional<ModelView> export = models.exportOf(model.id(), variant);
    if (export.isPresent()) {
      return Optional.of(exported(export.get()));
    }
    return requests.pending(model.id(), model.producedBy(), variant).map(ExportService::making);
  }

  private static ExportStatus making(PendingExport pending) {
    return new ExportStatus(
        pending.variant().format(),
        pending.variant().precision(),
        pending.status(),
        null,
        pending.jobId());
  }

  private static ExportStatus exported(ModelView export) {
    return new ExportStatus(
        export.export().format(),
        export.export().precision(),
        ExportStatus.EXPORTED,
        export.id(),
        export.producedBy());
  }

  private static ApiException notExportable(ModelView model) {
    return ApiException.conflict(
        "not-exportable",
        "An export cannot be exported",
        ProblemItem.path(
            "id",
            "model "
                + model.id()
                + " is itself an export ("
                + model.export().label()
                + "); export the model it came from"));
  }
}
