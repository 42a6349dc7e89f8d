package dev.taper.worker;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.taper.dataset.DatasetSplits;
import dev.taper.metrics.MetricHistory;
import dev.taper.model.EdgeRelation;
import dev.taper.model.MetricsJson;
import dev.taper.model.ModelCatalog;
import dev.taper.model.ModelFingerprint;
import dev.taper.model.ModelRole;
import dev.taper.model.ModelView;
import dev.taper.model.NewEdge;
import dev.taper.model.NewModel;
import dev.taper.observability.TaperMetrics;
import dev.taper.queue.ClaimedJob;
import dev.taper.queue.EndedJobCheckpoints;
import dev.taper.queue.JobOutcome;
import dev.taper.queue.JobProgress;
import dev.taper.queue.JobStatus;
import dev.taper.queue.LeaseLostException;
import dev.taper.queue.StageQueue;
import dev.taper.spec.ComputeDevice;
import dev.taper.storage.ArtifactStore;
import dev.taper.storage.Manifest;
import dev.taper.storage.StoredFile;
import dev.taper.training.RepeatableFailureException;
import dev.taper.training.Stage;
import dev.taper.training.StageCancelledException;
import dev.taper.training.StageContext;
import dev.taper.training.StageKind;
import dev.taper.training.StageOutcome;
import dev.taper.training.export.InputContract;
import dev.taper.training.export.InputDescription;
import dev.taper.training.family.Network;
import dev.taper.training.family.NetworkFiles;
import dev.taper.worker.JobContexts.JobContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one claimed job end to end: loads its data and parent models, runs the stage with
 * heartbeats, progress, checkpoints and cancellation wired in, then publishes the result. The
 * model's files are stored whole before the transaction that inserts its row and lineage and
 * completes the job ({@link ModelFolders}), so a crash at any instant leaves no model row without
 * its files, and files no row points to are deleted once their attempt has ended.
 */
class StageJobRunner {

  private static final Logger log = LoggerFactory.getLogger(StageJobRunner.class);

  private final StageQueue queue;
  private final ModelCatalog models;
  private final ArtifactStore store;
  private final TrainingData data;
  private final StageFactory stages;
  private final ExportJob exports;
  private final JobContexts contexts;
  private final ModelFolders folders;
  private final TaperMetrics metrics;
  private final JsonMapper json;
  private final Clock clock;
  private final WorkerSettings settings;
  private final ScheduledExecutorService heartbeats;
  private final MetricHistory history;
  private final EndedJobCheckpoints endedCheckpoints;

  StageJobRunner(
      StageQueue queue,
      ModelCatalog models,
      ArtifactStore store,
      TrainingData data,
      StageFactory stages,
      ExportJob exports,
      JobContexts contexts,
      ModelFolders folders,
      TaperMetrics metrics,
      JsonMapper json,
      Clock clock,
      WorkerSettings settings,
      ScheduledExecutorService heartbeats,
      MetricHistory history,
      EndedJobCheckpoints endedCheckpoints) {
    this.queue = queue;
    this.models = models;
    this.store = store;
    this.data = data;
    this.stages = stages;
    this.exports = exports;
    this.contexts = contexts;
    this.folders = folders;
    this.metrics = metrics;
    this.json = json;
    this.clock = clock;
    this.settings = settings;
    this.heartbeats = heartbeats;
    this.history = history;
    this.endedCheckpoints = endedCheckpoints;
  }

  /**
   * Runs the job and ends it in the queue one way or another: SUCCEEDED, queued again for a retry,
   * FAILED, CANCELLED, or handed back (shutdown). Never throws.
   *
   * @param handingBack becomes true when the worker is shutting down and wants the job back
   * @return the outcome (for logs and the stage-duration meter)
   */
  JobOutcome run(ClaimedJob job, BooleanSupplier handingBack) {
    Instant started = clock.instant();
    ArtifactCheckpointStore checkpoints =
        new ArtifactCheckpointStore(store, queue, endedCheckpoints, job.lease());
    JobOutcome outcome;
    try (JobHeartbeat heartbeat =
        new JobHeartbeat(
                queue,
                job.lease(),
                job.kind(),
                metrics,
                handingBack,
                checkpoints::resumedFromStep,
                history.recorder(job.lease()),
                System::nanoTime)
            .start(heartbeats, settings.heartbeatInterval())) {
      try {
        execute(job, heartbeat, checkpoints);
        outcome = JobOutcome.SUCCEEDED;
        deleteAfterSuccess(job, checkpoints);
      } catch (StageCancelledException e) {
        heartbeat.close();
        outcome = stopped(job, heartbeat, checkpoints);
      } catch (LeaseLostException e) {
        outcome = JobOutcome.LEASE_LOST;
        log.warn("stage job {} lost its lease; another attempt will run it", job.id());
      } catch (RuntimeException | Error e) {
        heartbeat.close();
        outcome = heartbeat.leaseLost() ? JobOutcome.LEASE_LOST : failed(job, e, checkpoints);
      }
    } catch (LeaseLostException e) {
      // ending the job found it taken back while the attempt stopped (cancelled, then reclaimed)
      outcome = JobOutcome.LEASE_LOST;
      log.warn("stage job {} was taken back before its attempt could end it", job.id());
    } catch (RuntimeException e) {
      // ending the job in the queue failed (database gone?): the lease expires and it is reclaimed
      log.error("could not record the end of stage job {}", job.id(), e);
      outcome = JobOutcome.UNRECORDED;
    }
    if (outcome == JobOutcome.LEASE_LOST) {
      deleteCheckpointNoAttemptResumes(job, checkpoints);
    }
    Duration took = Duration.between(started, clock.instant());
    metrics.stageFinished(job.kind(), outcome.tag(), took);
    if (outcome == JobOutcome.RETRY) {
      metrics.jobRetried(job.kind());
    }
    log.info("stage job {} ({}) {} after {}", job.id(), job.kind(), outcome.tag(), took);
    return outcome;
  }

  private void execute(
      ClaimedJob job, JobHeartbeat heartbeat, ArtifactCheckpointStore checkpoints) {
    JobContext context = contexts.of(job.experimentId());
    StageKind kind = StageKind.valueOf(job.kind());
    Device device = device(context.spec().device());
    log.info(
        "stage job {} ({}) of experiment {}: attempt {} of {} on {}",
        job.id(),
        kind,
        job.experimentId(),
        job.attempt(),
        job.maxAttempts(),
        device);
    if (kind == StageKind.EXPORT) {
      exports.run(job, context, heartbeat);
      return;
    }
    DatasetSplits splits = data.prepare(context.spec());
    InputContract input = data.inputContract(context.spec());
    try (ParentModels parents =
        new ParentModels(models, store, device, job.experimentId(), context.teacherModelId())) {
      Stage stage = stages.create(kind, context.spec(), splits, parents);
      StageContext stageContext =
          StageContext.of(splits, context.spec().seed(), device)
              .withProgress(heartbeat)
              .withCancellation(heartbeat)
              .withCheckpoints(checkpoints, settings.checkpointInterval());
      try (StageOutcome outcome = stage.run(stageContext)) {
        JobProgress finalProgress = heartbeat.finalProgress(outcome.metrics().samplesPerSecond());
        publish(job, kind, context, input, outcome, parents.used(), finalProgress, heartbeat);
      }
    }
  }

  /**
   * Stores the model's files, then records it and completes the job in one transaction. The lease
   * is renewed while the files upload, which may take longer than the lease for a large model. The
   * model's metrics record what its network reads and how its training standardised it, so that its
   * download says so without reading the dataset again.
   */
  private void publish(
      ClaimedJob job,
      StageKind kind,
      JobContext context,
      InputContract input,
      StageOutcome outcome,
      List<ModelView> parents,
      JobProgress finalProgress,
      JobHeartbeat heartbeat) {
    UUID modelId = UUID.randomUUID();
    String key = "models/" + modelId;
    Network network = outcome.network();
    Manifest stored =
        folders.store(job.lease(), key, directory -> NetworkFiles.save(network, directory));
    ModelRole role = role(kind);
    StoredFile parameters =
        stored
            .file(NetworkFiles.PARAMETERS_FILE)
            .orElseThrow(
                () -> new IllegalStateException(key + " lacks " + NetworkFiles.PARAMETERS_FILE));
    NewModel model =
        new NewModel(
            modelId,
            job.experimentId(),
            job.id(),
            role,
            network.architecture().family(),
            NetworkFiles.architectureJson(network.architecture()),
            outcome.metrics().parameterCount(),
            outcome.metrics().flopsPerExample(),
            parameters.size(),
            parameters.sha256(),
            key,
            MetricsJson.stored(
                json,
                outcome.metrics(),
                InputDescription.beforeTheNetwork(input, network.architecture().inputShape())),
            role == ModelRole.WIDE
                ? ModelFingerprint.wide(data.sha256(context.spec().dataset()), context.spec())
                : null);
    List<NewEdge> edges = new ArrayList<>();
    for (ModelView parent : parents) {
      edges.add(new NewEdge(parent.id(), modelId, relation(kind, parent.role())));
    }
    heartbeat.close();
    folders.record(
        key,
        () -> {
          models.record(model, edges);
          queue.complete(job.lease(), finalProgress);
        });
    metrics.stageTrainingFlops(kind.name(), outcome.metrics().trainingFlops());
    log.info(
        "stage job {} recorded {} model {} (test accuracy {})",
        job.id(),
        role,
        modelId,
        outcome.metrics().testAccuracy());
  }

  /**
   * The job has succeeded and says so in the queue; a checkpoint that cannot be removed now is only
   * storage, so it is logged, not turned into a failure of a finished job.
   */
  private static void deleteAfterSuccess(ClaimedJob job, ArtifactCheckpointStore checkpoints) {
    try {
      checkpoints.delete();
    } catch (RuntimeException e) {
      log.warn("stage job {} succeeded but its checkpoint could not be removed", job.id(), e);
    }
  }

  /**
   * An attempt that lost its lease may have saved its checkpoint after the job ended without it
   * (taken back, then cancelled or out of attempts, and its checkpoint swept; or its experiment
   * deleted since): no attempt resumes from that file and the sweep has already passed, so it goes
   * now that this attempt writes no more. A job queued again, or running elsewhere, keeps it for
   * the attempt that resumes from it.
   */
  private void deleteCheckpointNoAttemptResumes(
      ClaimedJob job, ArtifactCheckpointStore checkpoints) {
    try {
      boolean ended = queue.status(job.id()).map(JobStatus::isTerminal).orElse(true);
      if (ended) {
        checkpoints.delete();
      }
    } catch (RuntimeException e) {
      log.warn(
          "stage job {} lost its lease; cannot tell whether its checkpoint is needed", job.id(), e);
    }
  }

  private JobOutcome stopped(
      ClaimedJob job, JobHeartbeat heartbeat, ArtifactCheckpointStore checkpoints) {
    if (heartbeat.leaseLost()) {
      return JobOutcome.LEASE_LOST;
    }
    if (heartbeat.cancelRequested()) {
      queue.cancelled(job.lease());
      checkpoints.delete();
      return JobOutcome.CANCELLED;
    }
    // shutting down: the checkpoint stays, the next claimer resumes from it
    if (queue.release(job.lease()) == JobStatus.CANCELLED) {
      checkpoints.delete();
      return JobOutcome.CANCELLED;
    }
    return JobOutcome.HANDED_BACK;
  }

  private JobOutcome failed(ClaimedJob job, Throwable e, ArtifactCheckpointStore checkpoints) {
    // what would fail the same way again is not retried: bad inputs, a lost parent, divergence,
    // an inexact merge, an export that does not compute what its model does
    boolean retryable =
        !(e instanceof IllegalArgumentException
            || e instanceof ParentModels.MissingParentException
            || e instanceof RepeatableFailureException);
    JobStatus next = queue.fail(job, describe(e), retryable);
    if (next.isTerminal()) {
      checkpoints.delete();
    }
    log.warn(
        "stage job {} attempt {} failed ({}): {}", job.id(), job.attempt(), next, describe(e), e);
    return JobOutcome.ofFailure(next);
  }

  static ModelRole role(StageKind kind) {
    return switch (kind) {
      case WIDE -> ModelRole.WIDE;
      case IMITATE -> ModelRole.WARMED;
      case FINETUNE -> ModelRole.THIN;
      case SCRATCH -> ModelRole.SCRATCH;
      case KD -> ModelRole.KD;
      case DEEPER -> ModelRole.DEEPER;
      case EXPORT -> ModelRole.EXPORT;
    };
  }

  static EdgeRelation relation(StageKind kind, ModelRole parent) {
    if (kind == StageKind.IMITATE && parent == ModelRole.WIDE) {
      return EdgeRelation.IMITATED_FROM;
    }
    if (kind == StageKind.FINETUNE && parent == ModelRole.WARMED) {
      return EdgeRelation.FINETUNED_FROM;
    }
    if (kind == StageKind.EXPORT) {
      return EdgeRelation.EXPORTED_FROM;
    }
    if (parent == ModelRole.WIDE) {
      return EdgeRelation.DISTILLED_FROM;
    }
    throw new IllegalArgumentException(kind + " has no lineage relation to a " + parent + " model");
  }

  static Device device(ComputeDevice spec) {
    return switch (spec) {
      case CPU -> Device.cpu();
      case GPU -> Device.gpu();
      case AUTO -> Engine.getInstance().defaultDevice();
    };
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
