package dev.taper.experiment;

import dev.taper.dataset.DatasetRegistry;
import dev.taper.export.ExportRequests;
import dev.taper.model.ModelCatalog;
import dev.taper.model.ModelFingerprint;
import dev.taper.model.ModelView;
import dev.taper.properties.TaperProperties;
import dev.taper.queue.GpuWorkers;
import dev.taper.queue.JobCancellations;
import dev.taper.queue.JobView;
import dev.taper.queue.NewJob;
import dev.taper.queue.StageQueue;
import dev.taper.spec.ExperimentSpec;
import dev.taper.storage.Sha256;
import dev.taper.training.StageKind;
import dev.taper.training.export.ExportVariant;
import dev.taper.training.family.FieldError;
import dev.taper.web.ApiException;
import dev.taper.web.NotFoundException;
import dev.taper.web.ProblemItem;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Submits, reads and cancels experiments: the one way into the experiment records. */
@Service
public class ExperimentService {

  private static final Logger log = LoggerFactory.getLogger(ExperimentService.class);

  static final String NO_GPU_WORKER =
      "a worker with a GPU: this spec asks for \"device\": \"gpu\" and no live worker takes GPU"
          + " jobs (a worker does when it finds a GPU, or with TAPER_WORKER_GPU=true); its stages"
          + " wait in the queue until one starts, or cancel it and submit with \"device\": \"auto\"";

  private final ExperimentRepository experiments;
  private final ExperimentTags tags;
  private final ExperimentListing listing;
  private final StageQueue queue;
  private final JobCancellations cancellations;
  private final ModelCatalog models;
  private final DatasetRegistry datasets;
  private final TransactionTemplate transactions;
  private final JsonMapper json;
  private final Clock clock;
  private final ExportRequests exportRequests;
  private final GpuWorkers gpuWorkers;
  private final int maxAttempts;

  ExperimentService(
      ExperimentRepository experiments,
      ExperimentTags tags,
      ExperimentListing listing,
      StageQueue queue,
      JobCancellations cancellations,
      ModelCatalog models,
      DatasetRegistry datasets,
      TransactionTemplate transactions,
      JsonMapper json,
      Clock clock,
      ExportRequests exportRequests,
      GpuWorkers gpuWorkers,
      TaperProperties properties) {
    this.experiments = experiments;
    this.tags = tags;
    this.listing = listing;
    this.queue = queue;
    this.cancellations = cancellations;
    this.models = models;
    this.datasets = datasets;
    this.transactions = transactions;
    this.json = json;
    this.clock = clock;
    this.exportRequests = exportRequests;
    this.gpuWorkers = gpuWorkers;
    this.maxAttempts = properties.worker().maxAttempts();
  }

  /** What a submission did: created a new experiment, or found the one its key names. */
  public record Submission(ExperimentView experiment, boolean created) {}

  /**
   * Plans and queues an experiment without tags; see {@link #submit(ExperimentSpec, List, String)}.
   */
  public Submission submit(ExperimentSpec spec, String idempotencyKey) {
    return submit(spec, List.of(), idempotencyKey);
  }

  /**
   * Plans and queues an experiment. With an idempotency key, a repeat of the same spec returns the
   * experiment it created (with the tags it was created with: tags are not part of the spec, and
   * PATCH changes them); the same key with another spec is a conflict.
   *
   * @param spec a spec {@link SpecValidator} has resolved and validated
   * @param tags valid tags ({@link Tags})
   * @throws IdempotencyConflictException when the key was used for another spec
   */
  public Submission submit(ExperimentSpec spec, List<String> tags, String idempotencyKey) {
    String specJson = json.writeValueAsString(spec);
    String specHash = Sha256.of(specJson);
    String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey;
    if (key != null) {
      Optional<Submission> replay = replay(key, specHash);
      if (replay.isPresent()) {
        return replay.get();
      }
    }
    UUID found = teacher(spec);
    try {
      UUID id =
          transactions.execute(
              status -> {
                if (!datasets.holdForExperiment(spec.dataset())) {
                  throw new InvalidSpecException(
                      List.of(
                          new FieldError(
                              "dataset",
                              "no dataset named '"
                                  + spec.dataset()
                                  + "' is registered: it was deleted while this experiment was"
                                  + " being submitted")));
                }
                UUID teacher = holdTeacher(spec, found);
                ExperimentEntity entity =
                    new ExperimentEntity(
                        UUID.randomUUID(),
                        spec.name(),
                        specJson,
                        specHash,
                        key,
                        teacher,
                        clock.instant());
                experiments.saveAndFlush(entity);
                this.tags.replace(entity.id(), tags);
                List<NewJob> plan = ExperimentPlanner.plan(spec, teacher != null, maxAttempts);
                recordExports(queue.enqueue(entity.id(), plan), plan, spec);
                return entity.id();
              });
      log.info("experiment {} '{}' queued", id, spec.name());
      return new Submission(get(id), true);
    } catch (DataIntegrityViolationException e) {
      // a concurrent request with the same key won the insert
      if (key != null) {
        Optional<Submission> replay = replay(key, specHash);
        if (replay.isPresent()) {
          return replay.get();
        }
      }
      throw e;
    }
  }

  /** Says what each planned EXPORT job exports: THIN, once its FINETUNE job has made it. */
  private void recordExports(List<Long> ids, List<NewJob> plan, ExperimentSpec spec) {
    List<ExportVariant> variants = ExperimentPlanner.exports(spec);
    int next = 0;
    for (int i = 0; i < plan.size(); i++) {
      if (plan.get(i).kind().equals(StageKind.EXPORT.name())) {
        exportRequests.recordPlanned(ids.get(i), variants.get(next++));
      }
    }
  }

  private Optional<Submission> replay(String key, String specHash) {
    return experiments
        .findByTenantAndIdempotencyKey(ExperimentEntity.DEFAULT_TENANT, key)
        .map(
            existing -> {
              if (!existing.specHash().equals(specHash)) {
                throw new IdempotencyConflictException(key, existing.id());
              }
              return new Submission(get(existing.id()), false);
            });
  }

  /** The WIDE model this spec reuses instead of training one, or null. */
  private UUID teacher(ExperimentSpec spec) {
    if (spec.teacher().modelId() != null) {
      return UUID.fromString(spec.teacher().modelId());
    }
    if (Boolean.TRUE.equals(spec.teacher().reuse())) {
      String datasetHash = datasets.find(spec.dataset()).orElseThrow().sha256();
      return models
          .wideWithFingerprint(ModelFingerprint.wide(datasetHash, spec))
          .map(ModelView::id)
          .orElse(null);
    }
    return null;
  }

  /**
   * Holds the WIDE model the experiment reuses, in the caller's transaction, so that a concurrent
   * deletion of the model's experiment either waits for the submission and then finds it, or went
   * first: then a teacher the spec names is refused, and one its fingerprint found is looked for
   * again (with none left, WIDE trains here).
   *
   * @param found the teacher {@link #teacher} found before the transaction, or null
   * @throws InvalidSpecException when the teacher the spec names has been deleted since
   */
  private UUID holdTeacher(ExperimentSpec spec, UUID found) {
    UUID teacher = found;
    while (teacher != null && !models.holdForDependant(teacher)) {
      if (spec.teacher().modelId() != null) {
        throw new InvalidSpecException(
            List.of(
                new FieldError(
                    "teacher.modelId",
                    "no model with id "
                        + teacher
                        + ": its experiment was deleted while this experiment was being"
                        + " submitted")));
      }
      teacher = teacher(spec);
    }
    return teacher;
  }

  public ExperimentView get(UUID id) {
    ExperimentEntity e =
        experiments.findById(id).orElseThrow(() -> new NotFoundException("experiment", id));
    List<ExperimentView.Stage> stages =
        queue.jobsOf(id).stream().map(ExperimentService::stage).toList();
    List<ExperimentView.Model> produced =
        models.ofExperiment(id).stream()
            .map(m -> new ExperimentView.Model(m.id(), m.role(), m.metrics(), m.export()))
            .toList();
    return new ExperimentView(
        e.id(),
        e.name(),
        tags.of(id),
        e.status(),
        gpuWorkers.noneForWaitingStages(id) ? NO_GPU_WORKER : null,
        e.cancelRequested(),
        e.teacherModelId(),
        e.createdAt(),
        e.lastChangedAt(),
        json.readTree(e.spec()),
        stages,
        produced);
  }

  public Page<ExperimentView.Summary> list(ExperimentStatus status, int page, int size) {
    return list(status, List.of(), page, size);
  }

  /** A page of experiments, newest first, of this status (null: any) carrying all these tags. */
  public Page<ExperimentView.Summary> list(
      ExperimentStatus status, List<String> withTags, int page, int size) {
    return listing.page(status, withTags, page, size);
  }

  /**
   * Replaces an experiment's tags, whatever its status.
   *
   * @param tags valid tags ({@link Tags})
   */
  public ExperimentView retag(UUID id, List<String> tags) {
    transactions.executeWithoutResult(
        status -> {
          // held first: a deletion deletes the tags too, and taking the rows in another order
          // would deadlock with it
          if (experiments.holdForChange(id) == 0) {
            throw new NotFoundException("experiment", id);
          }
          this.tags.replace(id, tags);
          experiments.touch(id);
        });
    return get(id);
  }

  /**
   * Cancels an experiment: stages that have not started are cancelled at once, running ones stop at
   * their next heartbeat (within seconds) and record nothing. Exports requested later for its
   * models are not part of it and go on.
   *
   * @throws ApiException 409 when the experiment has already finished
   */
  public ExperimentView cancel(UUID id) {
    transactions.executeWithoutResult(
        status -> {
          // held first, so that a deletion waits for the cancellation or went before it
          if (experiments.holdForChange(id) == 0) {
            throw new NotFoundException("experiment", id);
          }
          ExperimentEntity e =
              experiments.findById(id).orElseThrow(() -> new NotFoundException("experiment", id));
          if (e.status().isFinished()) {
            throw finished(e);
          }
          e.requestCancel();
          experiments.flush();
          experiments.touch(id);
          var result = cancellations.cancel(id);
          log.info(
              "experiment {} cancelled: {} stage(s) at once, {} running asked to stop",
              id,
              result.cancelledNow(),
              result.askedToStop());
        });
    return get(id);
  }

  private static ApiException finished(ExperimentEntity e) {
    ApiException conflict =
        ApiException.conflict(
            "experiment-finished",
            "Experiment already finished",
            ProblemItem.parameter(
                "id",
                "experiment "
                    + e.id()
                    + " is "
                    + e.status()
                    + "; only a queued or running experiment can be cancelled"));
    conflict.getBody().setProperty("experimentStatus", e.status());
    return conflict;
  }

  public Optional<JobView> job(long id) {
    return queue.find(id);
  }

  private static ExperimentView.Stage stage(JobView job) {
    return new ExperimentView.Stage(
        job.id(),
        job.kind(),
        job.status(),
        job.progress(),
        job.attempt(),
        job.dependsOn(),
        job.error(),
        job.errorAttempt());
  }
}
