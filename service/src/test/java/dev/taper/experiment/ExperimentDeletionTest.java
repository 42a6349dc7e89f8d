package dev.taper.experiment;

import static dev.taper.LockWaits.await;
import static dev.taper.LockWaits.awaitLockWaiter;
import static dev.taper.LockWaits.waitBehind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;

import dev.taper.LockWaits.Ordered;
import dev.taper.config.PostgresTest;
import dev.taper.config.WebApiContext;
import dev.taper.dataset.ApiClient;
import dev.taper.dataset.DatasetFormat;
import dev.taper.dataset.DatasetRegistry;
import dev.taper.dataset.RegisteredDataset;
import dev.taper.export.ExportService;
import dev.taper.export.ExportStatus;
import dev.taper.model.ModelCatalog;
import dev.taper.model.ModelFingerprint;
import dev.taper.model.RecordedExports;
import dev.taper.observability.FleetMetrics;
import dev.taper.observability.TaperMetrics;
import dev.taper.queue.StageQueue;
import dev.taper.report.ReportFixtures;
import dev.taper.spec.ComputeDevice;
import dev.taper.spec.DefaultSpecs;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.ExperimentSpec.TeacherSpec;
import dev.taper.storage.ArtifactStore;
import dev.taper.storage.ArtifactStoreException;
import dev.taper.storage.DeletedArtifacts;
import dev.taper.storage.RememberedFiles;
import dev.taper.training.export.ExportFormat;
import dev.taper.training.export.ExportVariant;
import dev.taper.training.onnx.Precision;
import dev.taper.web.DependentExperiments;
import dev.taper.web.NotFoundException;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * {@code DELETE /api/v1/experiments/{id}} through the running service (API role, no worker): a
 * finished experiment goes with every row and file it owns and nothing of another's; an unknown id
 * is a 404; an experiment with a job still to run, and one whose model teaches another, are kept
 * with a 409 that says why. A deletion racing an export of its model or a submission reusing its
 * WIDE model is ordered by the experiment's row lock: whichever goes second waits, then refuses.
 */
@WebApiContext
@ExtendWith(OutputCaptureExtension.class)
class ExperimentDeletionTest extends PostgresTest {

  private static final ExportVariant INT8 = new ExportVariant(ExportFormat.ONNX, Precision.INT8);

  /** An export {@link #finished} experiments do not have yet. */
  private static final ExportVariant FP16 = new ExportVariant(ExportFormat.ONNX, Precision.FP16);

  @LocalServerPort int port;
  @MockitoSpyBean ArtifactStore store;
  @Autowired DeletedArtifacts deletedArtifacts;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transactions;
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired ModelCatalog models;
  @Autowired ExportService exports;
  @Autowired ExperimentService experiments;
  @Autowired DatasetRegistry datasets;
  @Autowired FleetMetrics fleet;
  @Autowired MeterRegistry meters;
  ApiClient api;
  ExecutorService pool;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void stopThreads() {
    pool.shutdownNow();
  }

  @Test
  void aFinishedExperimentIsDeletedWithEveryRowAndFileItOwnsAndNothingElse() {
    String tag = uniqueTag();
    Owned deleted = finished(tag);
    Owned kept = finished(tag);
    // its WIDE model is the newest tested one: the role's gauge reads it until it is deleted
    jdbc.sql(
            "update model set created_at = now() + interval '1 hour',"
                + " metrics = jsonb_set(metrics, '{testAccuracy}', '0.1234') where id = :id")
        .param("id", deleted.model("WIDE"))
        .update();
    fleet.refreshNow();
    assertThat(accuracy("WIDE")).isEqualTo(0.1234);
    assertThat(ids(api.get("/api/v1/experiments?tag=" + tag), "id"))
        .containsExactlyInAnyOrder(deleted.id().toString(), kept.id().toString());
    assertThat(ids(api.get("/api/v1/models?tag=" + tag + "&size=100"), "id")).hasSize(14);

    HttpResponse<String> answer = api.delete("/api/v1/experiments/" + deleted.id());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
    assertThat(answer.body()).isEmpty();
    assertThat(rows(deleted)).allSatisfy((table, count) -> assertThat(count).as(table).isZero());
    assertThat(
            jdbc.sql("select running_job from worker where id = :id")
                .param("id", deleted.worker())
                .query(Long.class)
                .optional())
        .as("the worker that ran one of its jobs no longer names it")
        .isEmpty();
    assertThat(deleted.files()).noneMatch(store::exists).noneMatch(this::remembered);
    assertThat(rows(kept)).allSatisfy((table, count) -> assertThat(count).as(table).isPositive());
    assertThat(kept.files()).allMatch(store::exists);

    HttpResponse<String> gone = api.get("/api/v1/experiments/" + deleted.id());
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(api.json(gone).get("detail").asString())
        .isEqualTo("parameter id: no experiment with id " + deleted.id());
    assertThat(ids(api.get("/api/v1/experiments?tag=" + tag), "id"))
        .containsExactly(kept.id().toString());
    assertThat(api.get("/api/v1/models/" + deleted.model("THIN")).statusCode()).isEqualTo(404);
    assertThat(api.get("/api/v1/models/" + deleted.model("THIN") + "/download").statusCode())
        .isEqualTo(404);
    assertThat(ids(api.get("/api/v1/models?tag=" + tag + "&size=100"), "experimentId"))
        .hasSize(7)
        .containsOnly(kept.id().toString());
    assertThat(api.get("/ui/experiments/" + deleted.id()).statusCode()).isEqualTo(404);
    assertThat(api.get("/ui/experiments/" + kept.id()).statusCode()).isEqualTo(200);
    fleet.refreshNow();
    assertThat(accuracy("WIDE")).as("the next latest WIDE model's, or none").isNotEqualTo(0.1234);
  }

  @Test
  void anUnknownIdIsA404NamingItAndAMalformedOneIsAnsweredAsItsReadIs() {
    UUID unknown = UUID.randomUUID();

    HttpResponse<String> absent = api.delete("/api/v1/experiments/" + unknown);
    HttpResponse<String> malformed = api.delete("/api/v1/experiments/42");

    assertThat(absent.statusCode()).isEqualTo(404);
    assertThat(absent.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = api.json(absent);
    assertThat(problem.get("type").asString()).isEqualTo("https://taper.dev/problems/not-found");
    assertThat(problem.get("title").asString()).isEqualTo("Experiment not found");
    assertThat(problem.get("errors").get(0).get("parameter").asString()).isEqualTo("id");
    assertThat(problem.get("detail").asString())
        .isEqualTo("parameter id: no experiment with id " + unknown);
    HttpResponse<String> read = api.get("/api/v1/experiments/42");
    assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(read.statusCode());
    for (String member : List.of("type", "title", "detail", "errors")) {
      assertThat(api.json(malformed).get(member)).as(member).isEqualTo(api.json(read).get(member));
    }
  }

  @Test
  void anExperimentWithJobsStillToRunIsKeptWithA409SayingWhatToCancel() {
    Owned active = finished(uniqueTag());
    long finetune = active.jobs().get("FINETUNE");
    jdbc.sql("update stage_job set status = 'QUEUED', finished_at = null where id = :id")
        .param("id", finetune)
        .update();
    long export = ReportFixtures.exportJob(jdbc, active.id(), active.model("THIN"), null);
    Map<String, Long> before = rows(active);

    HttpResponse<String> refused = api.delete("/api/v1/experiments/" + active.id());

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = api.json(refused);
    assertThat(problem.get("type").asString())
        .isEqualTo("https://taper.dev/problems/experiment-active");
    assertThat(problem.get("errors").get(0).get("parameter").asString()).isEqualTo("id");
    assertThat(problem.get("detail").asString())
        .isEqualTo(
            "parameter id: experiment "
                + active.id()
                + " has jobs that have not ended (BLOCKED, QUEUED or RUNNING): stage job "
                + finetune
                + " of its plan and export job "
                + export
                + " requested for its models; cancel it with POST /api/v1/experiments/"
                + active.id()
                + "/cancel and the export with POST /api/v1/jobs/"
                + export
                + "/cancel (or let it finish), then delete the experiment once its jobs have"
                + " ended");
    assertThat(problem.get("jobIds").valueStream().map(JsonNode::asLong))
        .containsExactly(finetune, export);
    assertThat(rows(active)).isEqualTo(before);
    assertThat(active.files()).allMatch(store::exists);

    // as the problem says: once cancelled, it goes
    HttpResponse<String> cancelled = api.postJson("/api/v1/jobs/" + export + "/cancel", "");
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(202);
    jdbc.sql("update stage_job set status = 'CANCELLED', finished_at = now() where id = :id")
        .param("id", finetune)
        .update();
    HttpResponse<String> deleted = api.delete("/api/v1/experiments/" + active.id());
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
  }

  @Test
  void anExperimentWhoseModelTeachesAnotherIsKeptWithA409NamingThemNewestFirst() {
    Owned teacher = finished(uniqueTag());
    UUID wide = teacher.model("WIDE");
    // one names the model as its teacher; the other's KD model was distilled from it
    UUID naming = experimentReusing(wide, "now() - interval '1 minute'");
    Owned distilled = finished(uniqueTag());
    jdbc.sql(
            "insert into model_edge (parent_id, child_id, relation)"
                + " values (:parent, :child, 'DISTILLED_FROM')")
        .param("parent", wide)
        .param("child", distilled.model("KD"))
        .update();
    Map<String, Long> before = rows(teacher);

    HttpResponse<String> refused = api.delete("/api/v1/experiments/" + teacher.id());

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    JsonNode problem = api.json(refused);
    assertThat(problem.get("type").asString())
        .isEqualTo("https://taper.dev/problems/experiment-in-use");
    assertThat(problem.get("title").asString()).isEqualTo("Experiment in use");
    assertThat(problem.get("errors").get(0).get("parameter").asString()).isEqualTo("id");
    assertThat(problem.get("detail").asString())
        .isEqualTo(
            "parameter id: a model of experiment "
                + teacher.id()
                + " teaches 2 other experiments ("
                + distilled.id()
                + ", "
                + naming
                + "); an experiment is kept while another reuses its models: delete those"
                + " experiments first");
    assertThat(problem.get("experimentCount").asLong()).isEqualTo(2);
    assertThat(problem.get("experimentIds").valueStream().map(JsonNode::asString))
        .containsExactly(distilled.id().toString(), naming.toString());
    assertThat(rows(teacher)).isEqualTo(before);
    assertThat(teacher.files()).allMatch(store::exists);

    // as the problem says: once they are deleted, it goes
    assertThat(api.delete("/api/v1/experiments/" + distilled.id()).statusCode()).isEqualTo(204);
    assertThat(api.delete("/api/v1/experiments/" + naming).statusCode()).isEqualTo(204);
    assertThat(api.delete("/api/v1/experiments/" + teacher.id()).statusCode()).isEqualTo(204);
  }

  @Test
  void aDeletionWaitsForAnExportOfItsModelAndThenRefusesNamingTheExportJob() throws Exception {
    Owned source = finished(uniqueTag());
    UUID thin = source.model("THIN");
    Ordered<List<ExportStatus>> ordered =
        waitBehind(
            jdbc,
            transactions,
            () -> models.holdForDependant(thin),
            () -> exports.request(thin, List.of(FP16)),
            () -> api.delete("/api/v1/experiments/" + source.id()),
            DELETION_LOCK,
            "the deletion waits on the experiment's row lock the export request holds");

    HttpResponse<String> refused = ordered.waiter();
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(api.json(refused).get("type").asString()).endsWith("/experiment-active");
    assertThat(ordered.holder())
        .singleElement()
        .extracting(ExportStatus::status)
        .isEqualTo("QUEUED");
    long job = ordered.holder().get(0).jobId();
    assertThat(api.json(refused).get("jobIds").valueStream().map(JsonNode::asLong))
        .containsExactly(job);
    assertThat(api.postJson("/api/v1/jobs/" + job + "/cancel", "").statusCode()).isEqualTo(202);
    assertThat(api.delete("/api/v1/experiments/" + source.id()).statusCode()).isEqualTo(204);
  }

  @Test
  void anExportRequestedWhileItsModelsExperimentIsBeingDeletedWaitsAndThenFindsNoModel()
      throws Exception {
    Owned source = finished(uniqueTag());
    UUID thin = source.model("THIN");
    try (RowLock lock = lockJob(source.jobs().get("WIDE"))) {
      CompletableFuture<HttpResponse<String>> deletion = deleteLater(source.id());
      assertThat(awaitLockWaiter(jdbc, JOBS_DELETION))
          .as("the deletion holds the experiment and waits to delete its jobs")
          .isTrue();
      CompletableFuture<List<ExportStatus>> request =
          CompletableFuture.supplyAsync(() -> exports.request(thin, List.of(FP16)), pool);

      assertThat(awaitLockWaiter(jdbc, DEPENDANT_HOLD))
          .as("the export request waits on the experiment's row lock the deletion holds")
          .isTrue();
      assertThat(request).isNotDone();
      lock.release();

      HttpResponse<String> deleted = deletion.get(30, TimeUnit.SECONDS);
      assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
      assertThatThrownBy(() -> request.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(
              NotFoundException.class,
              e ->
                  assertThat(e.getBody().getDetail())
                      .isEqualTo("parameter id: no model with id " + thin));
    }
    assertThat(rows(source)).allSatisfy((table, count) -> assertThat(count).as(table).isZero());
  }

  @Test
  void aDeletionWaitsForASubmissionReusingItsModelAndThenRefusesNamingIt() throws Exception {
    Owned teacher = finished(uniqueTag());
    UUID wide = teacher.model("WIDE");
    Ordered<UUID> ordered =
        waitBehind(
            jdbc,
            transactions,
            () -> models.holdForDependant(wide),
            () ->
                experiments
                    .submit(reusing(new TeacherSpec(wide.toString(), null)), null)
                    .experiment()
                    .id(),
            () -> api.delete("/api/v1/experiments/" + teacher.id()),
            DELETION_LOCK,
            "the deletion waits on the experiment's row lock the submission holds");

    HttpResponse<String> refused = ordered.waiter();
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(api.json(refused).get("type").asString()).endsWith("/experiment-in-use");
    assertThat(api.json(refused).get("experimentIds").valueStream().map(JsonNode::asString))
        .containsExactly(ordered.holder().toString());
    // it waits for a GPU worker there is none of: cancelled, it and then its teacher go
    String student = "/api/v1/experiments/" + ordered.holder();
    assertThat(api.postJson(student + "/cancel", "").statusCode()).isEqualTo(202);
    assertThat(api.delete(student).statusCode()).isEqualTo(204);
    assertThat(api.delete("/api/v1/experiments/" + teacher.id()).statusCode()).isEqualTo(204);
  }

  @Test
  void aSubmissionNamingATeacherBeingDeletedWaitsAndThenIsRefusedNamingTheField() throws Exception {
    Owned teacher = finished(uniqueTag());
    UUID wide = teacher.model("WIDE");
    ExperimentSpec validated = reusing(new TeacherSpec(wide.toString(), null));
    try (RowLock lock = lockJob(teacher.jobs().get("WIDE"))) {
      CompletableFuture<HttpResponse<String>> deletion = deleteLater(teacher.id());
      assertThat(awaitLockWaiter(jdbc, JOBS_DELETION)).isTrue();
      CompletableFuture<ExperimentService.Submission> submission =
          CompletableFuture.supplyAsync(() -> experiments.submit(validated, null), pool);

      assertThat(awaitLockWaiter(jdbc, DEPENDANT_HOLD))
          .as("the submission waits on the teacher's experiment's row lock the deletion holds")
          .isTrue();
      assertThat(submission).isNotDone();
      lock.release();

      assertThat(deletion.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
      assertThatThrownBy(() -> submission.get(30, TimeUnit.SECONDS))
          .cause()
          .isInstanceOfSatisfying(
              InvalidSpecException.class,
              refused ->
                  assertThat(refused.errors())
                      .singleElement()
                      .satisfies(
                          error -> {
                            assertThat(error.field()).isEqualTo("teacher.modelId");
                            assertThat(error.message()).startsWith("no model with id " + wide);
                          }));
    }
    assertThat(
            jdbc.sql("select count(*) from experiment where teacher_model_id = :wide")
                .param("wide", wide)
                .query(Long.class)
                .single())
        .isZero();
  }

  /** A teacher found by its fingerprint that is deleted meanwhile is looked for again: none. */
  @Test
  void aSubmissionReusingAMatchingTeacherBeingDeletedTrainsItsOwn() throws Exception {
    Owned teacher = finished(uniqueTag());
    String dataset = "deletion-" + UUID.randomUUID().toString().substring(0, 8);
    String sha256 = UUID.randomUUID().toString().replace("-", "").repeat(2);
    datasets.register(
        new RegisteredDataset(
            UUID.randomUUID(),
            dataset,
            DatasetFormat.CSV,
            "artifact:datasets/" + dataset,
            sha256,
            List.of(3L),
            3,
            90,
            10,
            null));
    ExperimentSpec spec =
        DefaultSpecs.withTeacher(dataset, 1L, ComputeDevice.GPU, new TeacherSpec(null, true));
    jdbc.sql("update model set fingerprint = :fingerprint where id = :id")
        .param("fingerprint", ModelFingerprint.wide(sha256, spec))
        .param("id", teacher.model("WIDE"))
        .update();
    ExperimentService.Submission submitted;
    try (RowLock lock = lockJob(teacher.jobs().get("WIDE"))) {
      CompletableFuture<HttpResponse<String>> deletion = deleteLater(teacher.id());
      assertThat(awaitLockWaiter(jdbc, JOBS_DELETION)).isTrue();
      CompletableFuture<ExperimentService.Submission> submission =
          CompletableFuture.supplyAsync(() -> experiments.submit(spec, null), pool);
      assertThat(awaitLockWaiter(jdbc, DEPENDANT_HOLD)).isTrue();
      lock.release();

      assertThat(deletion.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
      submitted = submission.get(30, TimeUnit.SECONDS);
    }

    assertThat(submitted.experiment().teacherModelId()).isNull();
    assertThat(submitted.experiment().stages())
        .extracting(ExperimentView.Stage::kind)
        .contains("WIDE");
    String student = "/api/v1/experiments/" + submitted.experiment().id();
    assertThat(api.postJson(student + "/cancel", "").statusCode()).isEqualTo(202);
    assertThat(api.delete(student).statusCode()).isEqualTo(204);
    jdbc.sql("delete from dataset where name = :name").param("name", dataset).update();
  }

  @Test
  void aFileTheStoreFailsToDeleteIsRememberedAndTheHousekeepingDeletesItLater(
      CapturedOutput output) {
    Owned experiment = finished(uniqueTag());
    String stuck = "models/" + experiment.model("WIDE");
    doThrow(new ArtifactStoreException("the bucket is read-only")).when(store).delete(stuck);

    HttpResponse<String> answer = api.delete("/api/v1/experiments/" + experiment.id());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
    assertThat(rows(experiment)).allSatisfy((table, count) -> assertThat(count).as(table).isZero());
    assertThat(experiment.files()).filteredOn(key -> !key.equals(stuck)).noneMatch(store::exists);
    assertThat(experiment.files())
        .filteredOn(key -> !key.equals(stuck))
        .noneMatch(this::remembered);
    assertThat(store.exists(stuck)).isTrue();
    assertThat(remembered(stuck)).as("left for the housekeeping").isTrue();
    assertThat(output.getAll())
        .contains(
            "cannot delete "
                + stuck
                + " from the artifact store yet; the workers' housekeeping tries again")
        .contains("the bucket is read-only");

    doCallRealMethod().when(store).delete(stuck);
    deletedArtifacts.sweep();

    assertThat(store.exists(stuck)).isFalse();
    assertThat(remembered(stuck)).isFalse();
  }

  /**
   * A deletion that deleted none of its files, as when its process is killed right after the
   * commit, leaves every one remembered, not lost track of: the housekeeping deletes them.
   */
  @Test
  void filesADeletionLeftBehindAreDeletedByTheHousekeeping() {
    Owned experiment = finished(uniqueTag());
    doThrow(new ArtifactStoreException("killed")).when(store).delete(anyString());

    assertThat(api.delete("/api/v1/experiments/" + experiment.id()).statusCode()).isEqualTo(204);
    assertThat(experiment.files()).allMatch(store::exists).allMatch(this::remembered);

    doCallRealMethod().when(store).delete(anyString());
    deletedArtifacts.sweep();

    assertThat(experiment.files()).noneMatch(store::exists).noneMatch(this::remembered);
  }

  private boolean remembered(String key) {
    return RememberedFiles.contains(jdbc, key);
  }

  /** The newest five experiments are named, and how many more there are. */
  @Test
  void anExperimentTeachingManyIsRefusedNamingTheNewestFive() {
    UUID id = UUID.randomUUID();
    List<UUID> newest =
        Stream.generate(UUID::randomUUID).limit(DependentExperiments.NAMED).toList();

    String detail =
        ExperimentConflicts.inUse(id, new DependentExperiments(7, newest)).getBody().getDetail();

    assertThat(detail)
        .isEqualTo(
            "parameter id: a model of experiment "
                + id
                + " teaches 7 other experiments ("
                + String.join(", ", newest.stream().map(UUID::toString).toList())
                + " and 2 more); an experiment is kept while another reuses its models: delete"
                + " those experiments first");
  }

  /** The deletion's locking read of the experiment's row. */
  private static final String DELETION_LOCK = "%from experiment where id = % for update%";

  /** The deletion's delete of the experiment's jobs, the last before the experiment's row. */
  private static final String JOBS_DELETION = "delete from stage_job where experiment_id%";

  /** ModelCatalog.holdForDependant's share lock on the model's experiment. */
  private static final String DEPENDANT_HOLD = "%for share of e%";

  /**
   * What a finished experiment owns, as {@link #finished} writes it.
   *
   * @param files the artifact keys of its models' files and its jobs' checkpoints
   * @param worker the worker whose running job is one of its jobs
   */
  private record Owned(
      UUID id,
      Map<String, Long> jobs,
      Map<String, UUID> models,
      List<Long> allJobs,
      List<UUID> allModels,
      List<String> files,
      String worker) {

    UUID model(String role) {
      return models.get(role);
    }
  }

  /**
   * A finished experiment ({@link ReportFixtures}: six stages, their models, lineage, metric
   * history, the tag) whose stages wait for each other as a plan's do, with its models' files
   * stored, a finished export of its THIN model with its files, a checkpoint its FINETUNE job
   * records and one its KD job left without recording it, a claim's audit, and a worker whose
   * running job is its WIDE job.
   */
  private Owned finished(String tag) {
    ReportFixtures.Experiment e = ReportFixtures.finished(jdbc, "deleted-or-kept", 2, List.of(tag));
    Map<String, Long> jobs = e.jobs();
    dependsOn(jobs.get("IMITATE"), jobs.get("WIDE"));
    dependsOn(jobs.get("FINETUNE"), jobs.get("IMITATE"));
    dependsOn(jobs.get("KD"), jobs.get("WIDE"));
    UUID export =
        RecordedExports.record(
            jdbc,
            transactionManager,
            models,
            e.id(),
            e.models().get("THIN"),
            "{\"testAccuracy\": 0.87}",
            INT8);
    long exportJob =
        jdbc.sql("select produced_by from model where id = :id")
            .param("id", export)
            .query(Long.class)
            .single();
    jdbc.sql(
            "insert into export_job (job_id, source_model_id, format, precision)"
                + " values (:job, :source, 'onnx', 'int8')")
        .param("job", exportJob)
        .param("source", e.models().get("THIN"))
        .update();
    List<UUID> allModels = new ArrayList<>(e.models().values());
    allModels.add(export);
    List<String> files = new ArrayList<>();
    for (UUID model : allModels) {
      String key = "models/" + model;
      store.putDirectory(
          key, directory -> Files.writeString(directory.resolve("model.params"), model.toString()));
      files.add(key);
    }
    String recorded = StageQueue.checkpointKey(jobs.get("FINETUNE"));
    jdbc.sql("update stage_job set checkpoint_uri = :uri where id = :id")
        .param("uri", recorded)
        .param("id", jobs.get("FINETUNE"))
        .update();
    for (String checkpoint : List.of(recorded, StageQueue.checkpointKey(jobs.get("KD")))) {
      store.write(checkpoint, out -> out.write("checkpoint".getBytes(StandardCharsets.UTF_8)));
      files.add(checkpoint);
    }
    jdbc.sql(
            "insert into job_claim_audit (job_id, version, worker, claimed_at, lease_expires_at)"
                + " values (:job, 1, 'a-worker', now(), now())")
        .param("job", jobs.get("WIDE"))
        .update();
    String worker = "worker-" + UUID.randomUUID();
    jdbc.sql(
            "insert into worker (id, host, devices, running_job)"
                + " values (:id, 'host', 'cpu', :job)")
        .param("id", worker)
        .param("job", jobs.get("WIDE"))
        .update();
    List<Long> allJobs = new ArrayList<>(jobs.values());
    allJobs.add(exportJob);
    return new Owned(e.id(), jobs, e.models(), allJobs, allModels, files, worker);
  }

  private void dependsOn(long job, long on) {
    jdbc.sql("update stage_job set depends_on = :on where id = :job")
        .param("on", on)
        .param("job", job)
        .update();
  }

  /** Rows of each table that belong to the experiment, by table. */
  private Map<String, Long> rows(Owned e) {
    Map<String, String> queries =
        Map.of(
            "experiment", "select count(*) from experiment where id = :id",
            "experiment_tag", "select count(*) from experiment_tag where experiment_id = :id",
            "stage_job", "select count(*) from stage_job where experiment_id = :id",
            "model", "select count(*) from model where experiment_id = :id",
            "model_edge",
                "select count(*) from model_edge where parent_id in (:models)"
                    + " or child_id in (:models)",
            "export_job", "select count(*) from export_job where job_id in (:jobs)",
            "metric_point", "select count(*) from metric_point where job_id in (:jobs)",
            "job_claim_audit", "select count(*) from job_claim_audit where job_id in (:jobs)",
            "worker running one", "select count(*) from worker where running_job in (:jobs)");
    Map<String, Long> counts = new TreeMap<>();
    queries.forEach(
        (table, sql) ->
            counts.put(
                table,
                jdbc.sql(sql)
                    .param("id", e.id())
                    .param("models", e.allModels())
                    .param("jobs", e.allJobs())
                    .query(Long.class)
                    .single()));
    return counts;
  }

  /** An experiment that names {@code teacher} as its teacher, created at {@code createdAt}. */
  private UUID experimentReusing(UUID teacher, String createdAt) {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            "insert into experiment (id, name, spec, spec_hash, teacher_model_id, created_at)"
                + " values (:id, 'student', '{}', :hash, :teacher, "
                + createdAt
                + ")")
        .param("id", id)
        .param("hash", "fixture-" + id)
        .param("teacher", teacher)
        .update();
    return id;
  }

  /** On a GPU, which no worker here has: nothing runs it. */
  private static ExperimentSpec reusing(TeacherSpec teacher) {
    return DefaultSpecs.withTeacher("fashion-mnist", 1L, ComputeDevice.GPU, teacher);
  }

  private CompletableFuture<HttpResponse<String>> deleteLater(UUID experiment) {
    return CompletableFuture.supplyAsync(() -> api.delete("/api/v1/experiments/" + experiment));
  }

  /** A stage job's row, locked by a transaction of its own until released or closed. */
  private final class RowLock implements AutoCloseable {
    private final CountDownLatch locked = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Future<?> holder;

    RowLock(long job) throws InterruptedException {
      holder =
          pool.submit(
              () ->
                  transactions.executeWithoutResult(
                      status -> {
                        jdbc.sql("select id from stage_job where id = :id for update")
                            .param("id", job)
                            .query(Long.class)
                            .single();
                        locked.countDown();
                        await(release);
                      }));
      assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
    }

    void release() throws Exception {
      release.countDown();
      holder.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      release.countDown();
    }
  }

  private RowLock lockJob(long job) throws InterruptedException {
    return new RowLock(job);
  }

  private List<String> ids(HttpResponse<String> page, String member) {
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    return api.json(page).get("items").valueStream().map(i -> i.get(member).asString()).toList();
  }

  private double accuracy(String role) {
    return meters.get(TaperMetrics.MODEL_TEST_ACCURACY).tag("role", role).gauge().value();
  }

  private static String uniqueTag() {
    return "deletion-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
