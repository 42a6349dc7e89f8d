package dev.taper.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taper.config.ApiContextTest;
import dev.taper.config.PostgresTest;
import dev.taper.dataset.DatasetFormat;
import dev.taper.dataset.DatasetRegistry;
import dev.taper.dataset.RegisteredDataset;
import dev.taper.queue.ClaimedJob;
import dev.taper.queue.JobStatus;
import dev.taper.queue.StageQueue;
import dev.taper.spec.ExperimentSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Submitting, planning, idempotency, listing and cancelling on the real database. */
@ApiContextTest
class ExperimentServiceTest extends PostgresTest {

  @Autowired ExperimentService experiments;
  @Autowired SpecValidator validator;
  @Autowired DatasetRegistry datasets;
  @Autowired StageQueue queue;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;
  @Autowired dev.taper.model.ModelCatalog models;
  @Autowired org.springframework.transaction.support.TransactionTemplate transactions;

  @BeforeEach
  void clean() {
    jdbc.sql("truncate model_edge, model, worker, stage_job, experiment, dataset cascade").update();
    datasets.register(
        new RegisteredDataset(
            UUID.randomUUID(),
            "fashion-mnist",
            DatasetFormat.IDX,
            "/nowhere",
            "hash",
            List.of(784L),
            10,
            60000,
            10000,
            null));
  }

  ExperimentSpec spec(String body) {
    return validator.validate(json.readTree(body));
  }

  @Test
  void plansTheMethodAndTheBaselinesWithTheirDependencies() {
    ExperimentView view =
        experiments
            .submit(spec("{\"baselines\": [\"scratch\", \"kd\", \"deeper\"]}"), null)
            .experiment();
    assertThat(view.status()).isEqualTo(ExperimentStatus.QUEUED);
    assertThat(view.stages())
        .extracting(ExperimentView.Stage::kind)
        .containsExactly("WIDE", "IMITATE", "FINETUNE", "SCRATCH", "KD", "DEEPER");
    var byKind = new java.util.HashMap<String, ExperimentView.Stage>();
    view.stages().forEach(s -> byKind.put(s.kind(), s));
    assertThat(byKind.get("WIDE").status()).isEqualTo(JobStatus.QUEUED);
    assertThat(byKind.get("IMITATE").dependsOn()).isEqualTo(byKind.get("WIDE").id());
    assertThat(byKind.get("FINETUNE").dependsOn()).isEqualTo(byKind.get("IMITATE").id());
    assertThat(byKind.get("KD").dependsOn()).isEqualTo(byKind.get("WIDE").id());
    assertThat(byKind.get("SCRATCH").status()).isEqualTo(JobStatus.QUEUED);
    assertThat(byKind.get("DEEPER").dependsOn()).isNull();
    // what workers read is the resolved spec
    assertThat(view.spec().get("imitate").get("stepsPerLayer").asInt()).isEqualTo(3000);
  }

  @Test
  void anIdempotencyKeyReturnsTheSameExperimentForTheSameSpecAndConflictsOtherwise() {
    var first = experiments.submit(spec("{\"seed\": 7}"), "key-1");
    var again = experiments.submit(spec("{\"seed\": 7}"), "key-1");
    // written differently, resolved the same
    var same = experiments.submit(spec("{\"seed\": 7, \"widenFactor\": 8}"), "key-1");
    assertThat(first.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.experiment().id()).isEqualTo(first.experiment().id());
    assertThat(same.experiment().id()).isEqualTo(first.experiment().id());
    assertThatThrownBy(() -> experiments.submit(spec("{\"seed\": 8}"), "key-1"))
        .isInstanceOf(IdempotencyConflictException.class);
    assertThat(experiments.submit(spec("{\"seed\": 7}"), "key-2").experiment().id())
        .isNotEqualTo(first.experiment().id());
    assertThat(experiments.submit(spec("{\"seed\": 7}"), null).created()).isTrue();
    assertThat(jdbc.sql("select count(*) from stage_job").query(Integer.class).single())
        .as("replays plan nothing")
        .isEqualTo(3 * 5);
  }

  @Test
  void concurrentSubmissionsWithOneKeyCreateOneExperiment() throws Exception {
    ExperimentSpec spec = spec("{\"seed\": 3}");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<ExperimentService.Submission>> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      results.add(pool.submit(() -> experiments.submit(spec, "racy")));
    }
    List<UUID> ids = new ArrayList<>();
    for (var result : results) {
      ids.add(result.get(30, TimeUnit.SECONDS).experiment().id());
    }
    pool.shutdown();
    assertThat(ids).containsOnly(ids.get(0));
    assertThat(jdbc.sql("select count(*) from experiment").query(Integer.class).single())
        .isEqualTo(1);
  }

  @Test
  void updatedAtFollowsEveryVisibleChangeAndNeverPrecedesTheCreation() {
    UUID id = experiments.submit(spec("{}"), null).experiment().id();
    ExperimentView submitted = experiments.get(id);
    assertThat(submitted.updatedAt()).isAfterOrEqualTo(submitted.createdAt());

    ClaimedJob wide = queue.claim("w", false).orElseThrow();
    Instant started = experiments.get(id).updatedAt();
    assertThat(started).as("WIDE started").isAfter(submitted.updatedAt());
    transactions.executeWithoutResult(status -> queue.complete(wide.lease(), null));
    Instant ended = experiments.get(id).updatedAt();
    assertThat(ended).as("WIDE ended").isAfter(started);

    ExperimentView retagged = experiments.retag(id, List.of("nightly"));
    assertThat(retagged.updatedAt()).as("retagged").isAfter(ended);
    assertThat(experiments.cancel(id).updatedAt()).as("cancelled").isAfter(retagged.updatedAt());
  }

  @Test
  void cancellingStopsQueuedStagesAtOnceAndAsksRunningOnesToStop() {
    UUID id = experiments.submit(spec("{}"), null).experiment().id();
    ClaimedJob wide = queue.claim("w", false).orElseThrow();
    ExperimentView view = experiments.cancel(id);
    assertThat(view.cancelRequested()).isTrue();
    assertThat(view.status()).as("WIDE still stopping").isEqualTo(ExperimentStatus.RUNNING);
    assertThat(view.stages())
        .filteredOn(s -> !s.kind().equals("WIDE"))
        .allMatch(s -> s.status() == JobStatus.CANCELLED);
    assertThat(queue.heartbeat(wide.lease(), null).cancelRequested()).isTrue();
    queue.cancelled(wide.lease());
    assertThat(experiments.get(id).status()).isEqualTo(ExperimentStatus.CANCELLED);
  }

  @Test
  void aGpuSpecSaysItWaitsForAGpuWorkerUntilOneIsAlive() {
    UUID auto = experiments.submit(spec("{}"), null).experiment().id();
    ExperimentView gpu = experiments.submit(spec("{\"device\": \"gpu\"}"), null).experiment();
    assertThat(gpu.waitingFor()).contains("no live worker takes GPU jobs", "TAPER_WORKER_GPU");
    assertThat(experiments.get(auto).waitingFor()).isNull();

    worker("cpu-worker", "cpu", "now()");
    worker("gone-gpu-worker", "gpu x1", "now() - interval '5 minutes'");
    assertThat(experiments.get(gpu.id()).waitingFor()).as("no live GPU worker yet").isNotNull();
    worker("gpu-worker", "gpu x1", "now()");
    assertThat(experiments.get(gpu.id()).waitingFor()).isNull();
  }

  private void worker(String id, String devices, String lastSeen) {
    jdbc.sql(
            "insert into worker (id, host, devices, last_seen) values (:id, 'host', :devices, "
                + lastSeen
                + ")")
        .param("id", id)
        .param("devices", devices)
        .update();
  }

  @Test
  void statusFollowsTheStagesAndTheListingFiltersOnIt() {
    UUID queued = experiments.submit(spec("{\"baselines\": []}"), null).experiment().id();
    UUID failed =
        experiments.submit(spec("{\"baselines\": [], \"seed\": 1}"), null).experiment().id();
    jdbc.sql("update stage_job set status = 'FAILED' where experiment_id = :id and kind = 'WIDE'")
        .param("id", failed)
        .update();
    jdbc.sql("update stage_job set status = 'SKIPPED' where experiment_id = :id and kind <> 'WIDE'")
        .param("id", failed)
        .update();
    assertThat(experiments.get(failed).status()).isEqualTo(ExperimentStatus.FAILED);
    assertThat(experiments.list(ExperimentStatus.FAILED, 0, 10).getContent())
        .extracting(ExperimentView.Summary::id)
        .containsExactly(failed);
    assertThat(experiments.list(ExperimentStatus.QUEUED, 0, 10).getContent())
        .extracting(ExperimentView.Summary::id)
        .containsExactly(queued);
    var all = experiments.list(null, 0, 1);
    assertThat(all.getTotalElements()).isEqualTo(2);
    assertThat(all.getContent()).extracting(ExperimentView.Summary::id).containsExactly(failed);
  }

  @Test
  void reuseTakesAWideModelWithTheSameFingerprintInsteadOfTrainingOne() {
    String body = "{\"seed\": 5, \"baselines\": [\"kd\"], \"teacher\": {\"reuse\": true}}";
    ExperimentView first = experiments.submit(spec(body), null).experiment();
    assertThat(first.teacherModelId()).as("nothing to reuse yet").isNull();
    long wideJob = first.stages().get(0).id();
    UUID wide = UUID.randomUUID();
    transactions.executeWithoutResult(
        status ->
            models.record(
                new dev.taper.model.NewModel(
                    wide,
                    first.id(),
                    wideJob,
                    dev.taper.model.ModelRole.WIDE,
                    "mlp",
                    "{\"family\":\"mlp\",\"inputSize\":784,\"depth\":8,\"width\":256,\"classes\":10}",
                    1,
                    1,
                    1,
                    "sha",
                    "models/" + wide,
                    "{\"testAccuracy\":0.9}",
                    dev.taper.model.ModelFingerprint.wide("hash", spec(body))),
                List.of()));

    ExperimentView second = experiments.submit(spec(body), null).experiment();
    assertThat(second.teacherModelId()).isEqualTo(wide);
    assertThat(second.stages())
        .extracting(ExperimentView.Stage::kind)
        .containsExactly("IMITATE", "FINETUNE", "KD");
    assertThat(second.stages())
        .filteredOn(s -> !s.kind().equals("FINETUNE"))
        .allMatch(s -> s.status() == JobStatus.QUEUED);
    // another seed trains another teacher
    ExperimentView third =
        experiments.submit(spec(body.replace("\"seed\": 5", "\"seed\": 6")), null).experiment();
    assertThat(third.teacherModelId()).isNull();
    assertThat(third.stages().get(0).kind()).isEqualTo("WIDE");
  }
}
