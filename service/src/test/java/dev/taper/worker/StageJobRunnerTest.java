package dev.taper.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import dev.taper.config.ApiContextTest;
import dev.taper.config.MutableClock;
import dev.taper.config.PostgresTest;
import dev.taper.experiment.ExperimentDeletion;
import dev.taper.experiment.ExperimentService;
import dev.taper.export.ExportRequests;
import dev.taper.metrics.MetricHistory;
import dev.taper.metrics.MetricName;
import dev.taper.metrics.MetricPoint;
import dev.taper.model.EdgeRelation;
import dev.taper.model.ModelCatalog;
import dev.taper.model.ModelRole;
import dev.taper.model.ModelView;
import dev.taper.observability.TaperMetrics;
import dev.taper.properties.TaperProperties;
import dev.taper.queue.ClaimedJob;
import dev.taper.queue.EndedJobCheckpoints;
import dev.taper.queue.ExpiredLeases;
import dev.taper.queue.JobOutcome;
import dev.taper.queue.JobStatus;
import dev.taper.queue.JobView;
import dev.taper.queue.StageQueue;
import dev.taper.spec.Baseline;
import dev.taper.spec.ComputeDevice;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecDefaults;
import dev.taper.storage.ArtifactStore;
import dev.taper.training.Progress;
import dev.taper.training.RepeatableFailureException;
import dev.taper.training.StageCancelledException;
import dev.taper.training.StageContext;
import dev.taper.training.StageOutcome;
import dev.taper.training.export.ExportFormat;
import dev.taper.training.family.NetworkFiles;
import dev.taper.training.loop.Checkpoint;
import dev.taper.training.onnx.Precision;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker's handling of one job, with scripted stages on the real queue and store: what gets
 * published on success, and that cancellation, lost leases and failures leave nothing behind.
 */
@ApiContextTest
class StageJobRunnerTest extends PostgresTest {

  @Autowired StageQueue queue;
  @Autowired ModelCatalog models;
  @Autowired ArtifactStore store;
  @Autowired ExperimentService experiments;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;
  @Autowired TransactionTemplate transactions;
  @Autowired TaperMetrics metrics;
  @Autowired MeterRegistry meters;
  @Autowired ExportRequests exportRequests;
  @Autowired EndedJobCheckpoints endedCheckpoints;
  @Autowired TaperProperties properties;
  @Autowired MetricHistory history;
  @Autowired ExpiredLeases expiredLeases;
  @Autowired ExperimentDeletion deletion;

  FakeStages stages = new FakeStages();
  MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  ScheduledExecutorService heartbeats = Executors.newScheduledThreadPool(1);
  StageJobRunner runner;

  @BeforeEach
  void setUp() {
    jdbc.sql(
            "truncate unpublished_folder, model_edge, model, worker, stage_job, experiment cascade")
        .update();
    runner = runner(store);
  }

  /** A runner of the scripted stages that keeps its files in {@code files}. */
  StageJobRunner runner(ArtifactStore files) {
    return runner(files, new FakeStages.Data());
  }

  /** The same, with the data an EXPORT job reads given. */
  StageJobRunner runner(ArtifactStore files, TrainingData exportData) {
    ModelFolders folders = new ModelFolders(jdbc, files, transactions);
    WorkerSettings settings =
        new WorkerSettings(
            "test-worker",
            1,
            Duration.ofMillis(50),
            Duration.ofSeconds(1),
            Duration.ofMinutes(1),
            Duration.ofSeconds(5),
            false);
    return new StageJobRunner(
        queue,
        models,
        files,
        new FakeStages.Data(),
        stages,
        new ExportJob(exportRequests, models, files, exportData, queue, folders, json),
        new JobContexts(jdbc, json),
        folders,
        metrics,
        json,
        clock,
        settings,
        heartbeats,
        history,
        endedCheckpoints);
  }

  @AfterEach
  void tearDown() {
    heartbeats.shutdownNow();
  }

  UUID submit(Baseline... baselines) {
    return submit(null, baselines);
  }

  /** An experiment with the defaults, on the CPU, with these exports (null: none). */
  UUID submit(ExperimentSpec.ExportSpec export, Baseline... baselines) {
    ExperimentSpec spec =
        SpecDefaults.resolve(
            new ExperimentSpec(
                null,
                null,
                null,
                null,
                null,
                ComputeDevice.CPU,
                null,
                null,
                null,
                null,
                List.of(baselines),
                null,
                null,
                export));
    return experiments.submit(spec, null).experiment().id();
  }

  ClaimedJob claim() {
    return queue.claim("test-worker", false).orElseThrow();
  }

  @Test
  void aSuccessfulStagePublishesItsModelAndReleasesWhatWaitsForIt() throws Exception {
    UUID experiment = submit();
    stages.behaviour =
        context -> {
          context.progress().onProgress(new Progress("train", -1, 0, 5, 10, 0.5, 100, 1));
          context.checkpoints().save(out -> out.write(new byte[] {1, 2, 3}));
          clock.advance(Duration.ofSeconds(7));
          return FakeStages.outcome(0.81);
        };
    ClaimedJob wide = claim();
    long stageTimersBefore = succeededTimerCount();
    double flopsBefore = wideTrainingFlops();

    assertThat(runner.run(wide, () -> false)).isEqualTo(JobOutcome.SUCCEEDED);

    JobView job = queue.find(wide.id()).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job.progress().phase()).isEqualTo("done");
    assertThat(job.progress().step()).as("a finished job shows all its steps").isEqualTo(10);
    ModelView model = models.ofExperiment(experiment, ModelRole.WIDE).orElseThrow();
    assertThat(model.producedBy()).isEqualTo(wide.id());
    assertThat(model.metrics().get("testAccuracy").asDouble()).isEqualTo(0.81);
    assertThat(model.fingerprint()).isNotBlank();
    JsonNode input = model.metrics().get("input");
    assertThat(input)
        .as("what the network reads, recorded so that its download needs no dataset")
        .isNotNull();
    assertThat(input.get("dtype").asString()).isEqualTo("float32");
    assertThat(input.get("exampleShape").toString()).isEqualTo("[4]");
    assertThat(input.get("mean").asDouble()).isZero();
    assertThat(input.get("std").asDouble()).isEqualTo(1.0);
    assertThat(input.get("standardisation").asString()).contains("by the caller", "[N, 4]");
    assertThat(store.list(model.artifactKey()).orElseThrow().file(NetworkFiles.PARAMETERS_FILE))
        .hasValueSatisfying(file -> assertThat(file.sha256()).isEqualTo(model.sha256()));
    assertThat(store.exists(ArtifactCheckpointStore.key(wide.id())))
        .as("a finished job's checkpoint is removed")
        .isFalse();
    assertThat(endedCheckpoints.find(10))
        .as("and the job no longer names it, so no sweep looks for it again")
        .isEmpty();
    assertThat(unrecordedFolders()).as("the recorded model's folder is no longer named").isZero();
    assertThat(queue.jobsOf(experiment))
        .filteredOn(j -> j.kind().equals("IMITATE"))
        .singleElement()
        .extracting(JobView::status)
        .isEqualTo(JobStatus.QUEUED);
    // the stage's duration comes from the injected clock
    assertThat(succeededTimerCount()).isEqualTo(stageTimersBefore + 1);
    Timer timer =
        meters.find("taper.stage.duration").tags("kind", "WIDE", "outcome", "succeeded").timer();
    assertThat(timer.max(TimeUnit.SECONDS)).isEqualTo(7.0);
    // what the model cost to train, as the stage counted it, adds to the kind's total
    assertThat(model.metrics().get("trainingFlops").asDouble()).isPositive();
    assertThat(wideTrainingFlops() - flopsBefore)
        .isEqualTo(model.metrics().get("trainingFlops").asDouble());
  }

  private double retries(String kind) {
    return meters.get(TaperMetrics.QUEUE_RETRIES).tag("kind", kind).counter().count();
  }

  private double wideTrainingFlops() {
    return meters.get(TaperMetrics.TRAINING_FLOPS).tag("kind", "WIDE").counter().count();
  }

  @Test
  void anExperimentStoredBeforeASpecFieldExistedRunsWithThatFieldsDefault() {
    UUID experiment = submit();
    // as a spec stored by a Taper that did not know finetune.headEpochs yet
    jdbc.sql("update experiment set spec = spec #- '{finetune,headEpochs}' where id = :id")
        .param("id", experiment)
        .update();
    assertThat(
            jdbc.sql(
                    "select jsonb_exists(spec -> 'finetune', 'headEpochs') from experiment where id = :id")
                .param("id", experiment)
                .query(Boolean.class)
                .single())
        .isFalse();

    ExperimentSpec spec = new JobContexts(jdbc, json).of(experiment).spec();

    assertThat(spec.finetune().headEpochs()).isZero();
    assertThat(spec).isEqualTo(SpecDefaults.resolve(spec));
  }

  @Test
  void aStagesReportsBecomeItsMetricHistory() {
    submit();
    stages.behaviour =
        context -> {
          for (long step = 1; step <= 20; step++) {
            context
                .progress()
                .onProgress(new Progress("train", -1, 0, step, 20, 1.0 / step, 900, 1, 0.01));
          }
          context.progress().onValidation(0, 0.55);
          context.progress().onValidation(1, 0.66);
          return FakeStages.outcome(0.8);
        };
    ClaimedJob wide = claim();
    assertThat(runner.run(wide, () -> false)).isEqualTo(JobOutcome.SUCCEEDED);

    assertThat(history.series(wide.id(), MetricName.LOSS).points())
        .hasSize(20)
        .last()
        .isEqualTo(new MetricPoint(20, 0.05, null));
    assertThat(history.series(wide.id(), MetricName.LEARNING_RATE).points()).hasSize(20);
    assertThat(history.series(wide.id(), MetricName.SAMPLES_PER_SECOND).points()).hasSize(20);
    assertThat(history.series(wide.id(), MetricName.VALIDATION_ACCURACY).points())
        .extracting(MetricPoint::step)
        .containsExactly(1L, 2L);
    assertThat(history.series(wide.id(), MetricName.IMITATION_LOSS).points()).isEmpty();
  }

  @Test
  void lineageEdgesComeFromTheParentsTheStageLoaded() {
    UUID experiment = submit(Baseline.KD);
    List<String> order = new java.util.ArrayList<>();
    java.util.Optional<ClaimedJob> next;
    while ((next = queue.claim("test-worker", false)).isPresent()) {
      ClaimedJob job = next.get();
      order.add(job.kind());
      stages.parentsToLoad =
          switch (job.kind()) {
            case "IMITATE", "KD" -> List.of(ModelRole.WIDE);
            case "FINETUNE" -> List.of(ModelRole.WARMED);
            default -> List.of();
          };
      assertThat(runner.run(job, () -> false)).isEqualTo(JobOutcome.SUCCEEDED);
    }
    assertThat(order)
        .as("the method's line first")
        .containsExactly("WIDE", "IMITATE", "FINETUNE", "KD");

    ModelView wide = models.ofExperiment(experiment, ModelRole.WIDE).orElseThrow();
    ModelView warmed = models.ofExperiment(experiment, ModelRole.WARMED).orElseThrow();
    ModelView thin = models.ofExperiment(experiment, ModelRole.THIN).orElseThrow();
    ModelView kdModel = models.ofExperiment(experiment, ModelRole.KD).orElseThrow();
    var lineage = models.lineage(thin.id()).orElseThrow();
    assertThat(lineage.nodes()).hasSize(4);
    assertThat(lineage.nodes())
        .as("every node says what network it is")
        .allSatisfy(
            n -> {
              assertThat(n.family()).isEqualTo("mlp");
              assertThat(n.architecture().get("inputSize").asInt()).isEqualTo(4);
            });
    assertThat(lineage.edges())
        .extracting(e -> e.from() + ">" + e.to() + ":" + e.relation())
        .containsExactlyInAnyOrder(
            wide.id() + ">" + warmed.id() + ":" + EdgeRelation.IMITATED_FROM,
            warmed.id() + ">" + thin.id() + ":" + EdgeRelation.FINETUNED_FROM,
            wide.id() + ">" + kdModel.id() + ":" + EdgeRelation.DISTILLED_FROM);
    assertThat(experiments.get(experiment).status().name()).isEqualTo("SUCCEEDED");
  }

  @Test
  void cancellationStopsTheStageAndLeavesNothingHalfWritten() throws Exception {
    UUID experiment = submit();
    stages.behaviour =
        context -> {
          context.checkpoints().save(out -> out.write(new byte[] {9}));
          experiments.cancel(experiment);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (System.nanoTime() < deadline) {
            context.cancellation().throwIfCancelled();
            sleep(10);
          }
          throw new AssertionError("the heartbeat never delivered the cancellation");
        };
    ClaimedJob wide = claim();
    long directoriesBefore = modelDirectories();

    assertThat(runner.run(wide, () -> false)).isEqualTo(JobOutcome.CANCELLED);

    assertThat(queue.status(wide.id())).contains(JobStatus.CANCELLED);
    assertThat(models.ofExperiment(experiment)).isEmpty();
    assertThat(store.exists(ArtifactCheckpointStore.key(wide.id()))).isFalse();
    assertThat(modelDirectories()).isEqualTo(directoriesBefore);
    assertThat(experiments.get(experiment).status().name()).isEqualTo("CANCELLED");
  }

  @Test
  void aCancelledExperimentsRunningExportStopsAndPublishesNothing() {
    UUID experiment =
        submit(new ExperimentSpec.ExportSpec(List.of(ExportFormat.ONNX), List.of(Precision.FP32)));
    stages.behaviour = context -> FakeStages.outcome(0.81);
    for (String kind : List.of("WIDE", "IMITATE", "FINETUNE")) {
      ClaimedJob stage = claim();
      assertThat(stage.kind()).isEqualTo(kind);
      assertThat(runner.run(stage, () -> false)).isEqualTo(JobOutcome.SUCCEEDED);
    }
    ClaimedJob export = claim();
    assertThat(export.kind()).isEqualTo("EXPORT");
    // the cancellation arrives while the export reads its data, between two of its steps
    TrainingData cancelling =
        new FakeStages.Data() {
          @Override
          public ExportInputs forExport(ExperimentSpec s) {
            experiments.cancel(experiment);
            sleep(500); // ten heartbeats: the cancellation has reached the job
            return super.forExport(s);
          }
        };

    assertThat(runner(store, cancelling).run(export, () -> false)).isEqualTo(JobOutcome.CANCELLED);

    assertThat(queue.status(export.id())).contains(JobStatus.CANCELLED);
    assertThat(models.ofExperiment(experiment, ModelRole.EXPORT)).isEmpty();
    assertThat(models.ofExperiment(experiment, ModelRole.THIN)).isPresent();
  }

  @Test
  void aWorkerThatLostItsLeaseStopsAndWritesNothing() {
    UUID experiment = submit();
    stages.behaviour =
        context -> {
          // another worker reclaimed it meanwhile
          jdbc.sql(
                  "update stage_job set version = version + 1, leased_by = 'other' where status = 'RUNNING'")
              .update();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (System.nanoTime() < deadline) {
            context.cancellation().throwIfCancelled();
            sleep(10);
          }
          throw new AssertionError("the heartbeat never noticed the lost lease");
        };
    ClaimedJob wide = claim();

    assertThat(runner.run(wide, () -> false)).isEqualTo(JobOutcome.LEASE_LOST);
    JobView job = queue.find(wide.id()).orElseThrow();
    assertThat(job.status()).as("left to its new holder").isEqualTo(JobStatus.RUNNING);
    assertThat(job.leasedBy()).isEqualTo("other");
    assertThat(models.ofExperiment(experiment)).isEmpty();
  }

  @Test
  void aLeaseLostJustBeforeCompletionRemovesTheStoredFiles() {
    UUID experiment = submit();
    stages.behaviour =
        context -> {
          var outcome = FakeStages.outcome(0.5);
          jdbc.sql("update stage_job set version = version + 1 where status = 'RUNNING'").update();
          return outcome;
        };
    long directoriesBefore = modelDirectories();
    assertThat(runner.run(claim(), () -> false)).isEqualTo(JobOutcome.LEASE_LOST);
    assertThat(models.ofExperiment(experiment)).isEmpty();
    assertThat(modelDirectories()).as("no files without a row either").isEqualTo(directoriesBefore);
    assertThat(unrecordedFolders()).isZero();
  }

  @Test
  void anAttemptThatHasLostItsLeaseSavesNoCheckpoint() {
    submit();
    stages.behaviour =
        context -> {
          jdbc.sql(
                  "update stage_job set version = version + 1, leased_by = 'other' where status = 'RUNNING'")
              .update();
          context.checkpoints().save(out -> out.write(checkpointAtStep(5)));
          throw new AssertionError("a checkpoint was saved under a lost lease");
        };
    ClaimedJob wide = claim();

    assertThat(runner.run(wide, () -> false)).isEqualTo(JobOutcome.LEASE_LOST);
    assertThat(queue.find(wide.id()).orElseThrow().status())
        .as("still running elsewhere")
        .isEqualTo(JobStatus.RUNNING);
    assertThat(store.exists(ArtifactCheckpointStore.key(wide.id()))).isFalse();
  }

  @Test
  void aCheckpointSavedAfterTheJobEndedWithoutItsWorkerAndWasSweptIsDeleted() {
    UUID experiment = submit();
    ClaimedJob wide = claim();
    String checkpoint = ArtifactCheckpointStore.key(wide.id());
    stages.behaviour =
        stalledWhileCancelledAndTakenBack(
            experiment,
            () -> {
              new CheckpointSweep(endedCheckpoints, store).run();
              assertThat(store.exists(checkpoint)).as("swept").isFalse();
            });

    assertThat(runner.run(wide, () -> false)).isEqualTo(JobOutcome.LEASE_LOST);
    assertThat(queue.find(wide.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(store.exists(checkpoint)).isFalse();
  }

  @Test
  void aCheckpointSavedAfterTheExperimentWasDeletedIsDeleted() {
    UUID experiment = submit();
    ClaimedJob wide = claim();
    String checkpoint = ArtifactCheckpointStore.key(wide.id());
    stages.behaviour =
        stalledWhileCancelledAndTakenBack(
            experiment,
            () -> {
              deletion.delete(experiment);
              assertThat(store.exists(checkpoint)).as("deleted with the experiment").isFalse();
            });

    assertThat(runner.run(wide, () -> false)).isEqualTo(JobOutcome.LEASE_LOST);
    assertThat(queue.find(wide.id())).isEmpty();
    assertThat(store.exists(checkpoint)).isFalse();
  }

  /**
   * A stage that saves a checkpoint and stalls (a long pause, a lost network) while its experiment
   * is cancelled and its job taken back by another process, which ends it, and {@code then} runs;
   * it saves again before it notices, and then runs on until its heartbeat tells it the lease is
   * lost.
   */
  Function<StageContext, StageOutcome> stalledWhileCancelledAndTakenBack(
      UUID experiment, Runnable then) {
    return context -> {
      context.checkpoints().save(out -> out.write(checkpointAtStep(3)));
      experiments.cancel(experiment);
      assertThat(expiredLeases.reclaimAbandoned()).isEqualTo(1);
      then.run();
      context.checkpoints().save(out -> out.write(checkpointAtStep(4)));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        context.cancellation().throwIfCancelled();
        sleep(10);
      }
      throw new AssertionError("the heartbeat never noticed the lost lease");
    };
  }

  @Test
  void aCheckpointThatCannotBeRemovedAfterSuccessLeavesTheJobSucceeded() {
    UUID experiment = submit();
    ArtifactStore checkpointsStuck = Mockito.spy(store);
    Mockito.doThrow(new IllegalStateException("storage unavailable"))
        .when(checkpointsStuck)
        .delete(Mockito.startsWith("checkpoints/"));
    stages.behaviour =
        context -> {
          context.checkpoints().save(out -> out.write(new byte[] {1}));
          return FakeStages.outcome(0.8);
        };
    ClaimedJob wide = claim();

    assertThat(runner(checkpointsStuck).run(wide, () -> false)).isEqualTo(JobOutcome.SUCCEEDED);
    assertThat(queue.find(wide.id()).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(models.ofExperiment(experiment)).hasSize(1);
    assertThat(endedCheckpoints.find(10))
        .extracting(EndedJobCheckpoints.Left::jobId)
        .as("the job still names the checkpoint it could not remove, for the sweep")
        .containsExactly(wide.id());
  }

  @Test
  void failuresAreRetriedAndThenFailWithTheirDependants() {
    UUID experiment = submit();
    stages.behaviour =
        context -> {
          throw new IllegalStateException("native out of memory");
        };
    ClaimedJob first = claim();
    double retriesBefore = retries("WIDE");
    assertThat(runner.run(first, () -> false)).isEqualTo(JobOutcome.RETRY);
    assertThat(retries("WIDE")).as("counted as a retry").isEqualTo(retriesBefore + 1);
    JobView retried = queue.find(first.id()).orElseThrow();
    assertThat(retried.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(retried.error()).contains("native out of memory");

    jdbc.sql("update stage_job set run_after = now()").update();
    stages.behaviour =
        context -> {
          throw new IllegalArgumentException("impossible configuration");
        };
    ClaimedJob second = claim();
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(runner.run(second, () -> false)).isEqualTo(JobOutcome.FAILED);
    assertThat(queue.jobsOf(experiment))
        .extracting(JobView::kind, JobView::status)
        .contains(
            org.assertj.core.groups.Tuple.tuple("WIDE", JobStatus.FAILED),
            org.assertj.core.groups.Tuple.tuple("IMITATE", JobStatus.SKIPPED),
            org.assertj.core.groups.Tuple.tuple("FINETUNE", JobStatus.SKIPPED));
  }

  @Test
  void aFailureItsInputsDecideFailsTheJobWithoutARetry() {
    UUID experiment = submit();
    stages.behaviour =
        context -> {
          throw new RepeatableFailureException("merge is not exact");
        };
    ClaimedJob wide = claim();

    assertThat(wide.attempt()).isEqualTo(1);
    assertThat(runner.run(wide, () -> false)).isEqualTo(JobOutcome.FAILED);

    assertThat(queue.find(wide.id()).orElseThrow().error()).contains("merge is not exact");
    assertThat(queue.jobsOf(experiment))
        .extracting(JobView::kind, JobView::status)
        .contains(org.assertj.core.groups.Tuple.tuple("IMITATE", JobStatus.SKIPPED));
  }

  @Test
  void aRetryResumesFromTheCheckpointTheLastAttemptSaved() {
    submit();
    stages.behaviour =
        context -> {
          context.checkpoints().save(out -> out.write(checkpointAtStep(40)));
          throw new IllegalStateException("crash after a checkpoint");
        };
    ClaimedJob first = claim();
    runner.run(first, () -> false);
    jdbc.sql("update stage_job set run_after = now()").update();

    byte[][] seen = new byte[1][];
    stages.behaviour =
        context -> {
          seen[0] = context.checkpoints().open().map(StageJobRunnerTest::readAll).orElse(null);
          context.progress().onProgress(new Progress("train", -1, 0, 41, 100, 0.5, 100, 1));
          return FakeStages.outcome(0.8);
        };
    ClaimedJob second = claim();
    assertThat(second.checkpointUri()).isEqualTo(ArtifactCheckpointStore.key(first.id()));
    runner.run(second, () -> false);
    assertThat(seen[0]).isEqualTo(checkpointAtStep(40));
    JobView job = queue.find(second.id()).orElseThrow();
    assertThat(job.progress().resumedFromStep()).isEqualTo(40);
    assertThat(job.progress().firstStep()).isEqualTo(41);
  }

  @Test
  void aJobHandedBackAtShutdownKeepsItsCheckpointAndAttempt() {
    submit();
    stages.behaviour =
        context -> {
          context.checkpoints().save(out -> out.write(checkpointAtStep(3)));
          context.cancellation().throwIfCancelled();
          throw new StageCancelledException();
        };
    ClaimedJob wide = claim();
    assertThat(runner.run(wide, () -> true)).isEqualTo(JobOutcome.HANDED_BACK);
    JobView job = queue.find(wide.id()).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job.attempt()).isZero();
    assertThat(store.exists(ArtifactCheckpointStore.key(wide.id()))).isTrue();
  }

  long succeededTimerCount() {
    Timer timer =
        meters.find("taper.stage.duration").tags("kind", "WIDE", "outcome", "succeeded").timer();
    return timer == null ? 0 : timer.count();
  }

  long unrecordedFolders() {
    return jdbc.sql("select count(*) from unpublished_folder").query(Long.class).single();
  }

  long modelDirectories() {
    java.nio.file.Path dir = properties.homeOrDefault().resolve("artifacts").resolve("models");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var list = Files.list(dir)) {
      return list.count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A checkpoint of the WIDE stage at {@code step}, as the engine encodes one. */
  static byte[] checkpointAtStep(long step) {
    Checkpoint.Position position =
        new Checkpoint.Position(
            "WIDE", step, 0, step, List.of(), Double.NaN, Map.of(), 1.0, 3e6 * step);
    return new Checkpoint(position, new NDList(), new NDList(), new NDList()).encode();
  }

  static byte[] readAll(java.io.InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A fake stage's step: the engine polls its cancellation token between steps the same way. */
  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
