package dev.taper.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.config.ApiContextTest;
import dev.taper.config.TestDatabase;
import dev.taper.dataset.DatasetRegistry;
import dev.taper.experiment.ExperimentService;
import dev.taper.experiment.ExperimentStatus;
import dev.taper.experiment.ExperimentView;
import dev.taper.queue.JobStatus;
import dev.taper.queue.JobView;
import dev.taper.queue.StageQueue;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A worker in a second JVM is killed with SIGKILL in the middle of the WIDE stage. A new worker JVM
 * (same database, same artifact store) takes the stage back once the dead one's lease has expired,
 * resumes it from the checkpoint the dead one left (not from step 0), and the experiment succeeds.
 * Nothing here moves leases by hand: expiry and reclaim run on their own.
 */
@ApiContextTest
class WorkerCrashTest {

  static final String DATABASE = "taper_crash";

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, DATABASE);
  }

  @Autowired ExperimentService experiments;
  @Autowired DatasetRegistry datasets;
  @Autowired StageQueue queue;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;

  final List<Process> workers = new ArrayList<>();

  @AfterEach
  void killWorkers() {
    workers.forEach(Process::destroyForcibly);
  }

  @Test
  void aKilledWorkersStageResumesFromItsCheckpointOnAnotherWorker() throws Exception {
    FixtureDataset.register(datasets);
    // 40 epochs, about 2,200 steps: at some 300 steps a second a shorter WIDE stage can finish
    // (and delete its checkpoint) between the test seeing the checkpoint and the kill
    ExperimentSpec spec =
        SpecDefaults.resolve(
            json.readValue(
                """
                {"name": "crash", "dataset": "fashion-mnist",
                 "model": {"depth": 2, "width": 16}, "widenFactor": 8, "seed": 11, "device": "cpu",
                 "wide": {"epochs": 40, "batchSize": 32},
                 "imitate": {"stepsPerLayer": 10, "batchSize": 64},
                 "finetune": {"epochs": 1, "batchSize": 64},
                 "baselines": []}
                """,
                ExperimentSpec.class));
    UUID experiment = experiments.submit(spec, null).experiment().id();
    long wide = jobOf(experiment, "WIDE").id();

    Process first = startWorker("crash-worker-1");
    await(
        Duration.ofMinutes(3),
        // the record names the checkpoint before its first write, which lands atomically: wait for
        // the file itself, or the kill can come between the two and leave nothing to resume from
        () -> checkpointFile(wide).filter(Files::exists).isPresent() && progressStep(wide) > 0,
        "the first worker to write a checkpoint of the WIDE stage");
    first.destroyForcibly().waitFor();
    assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    long checkpointStep = checkpointStep(wide);
    JobView killed = queue.find(wide).orElseThrow();
    assertThat(killed.status()).as("the kill came during WIDE").isEqualTo(JobStatus.RUNNING);
    assertThat(killed.attempt()).isEqualTo(1);
    assertThat(checkpointStep)
        .as("the dead worker left a checkpoint mid-stage")
        .isPositive()
        .isLessThan(killed.progress().totalSteps());

    startWorker("crash-worker-2");
    await(
        Duration.ofMinutes(4),
        () -> {
          // read once: QUEUED (reclaimed, backing off) and RUNNING (claimed again) alternate
          ExperimentStatus status = experiments.get(experiment).status();
          return status != ExperimentStatus.RUNNING && status != ExperimentStatus.QUEUED;
        },
        "the experiment to end");

    ExperimentView done = experiments.get(experiment);
    assertThat(done.status()).as(done.toString()).isEqualTo(ExperimentStatus.SUCCEEDED);
    JobView resumed = queue.find(wide).orElseThrow();
    assertThat(resumed.attempt()).as("taken back once").isEqualTo(2);
    assertThat(resumed.progress().resumedFromStep())
        .as("resumed from the dead worker's checkpoint")
        .isEqualTo(checkpointStep);
    assertThat(resumed.progress().firstStep())
        .as("the second attempt's first step follows the checkpoint, not step 0")
        .isGreaterThan(resumed.progress().resumedFromStep());
    assertThat(done.models())
        .extracting(ExperimentView.Model::role)
        .extracting(Enum::name)
        .containsExactlyInAnyOrder("WIDE", "WARMED", "THIN");
  }

  Process startWorker(String id) throws Exception {
    TestDatabase.Connection db = TestDatabase.connection(DATABASE);
    Path log = Path.of("target", "crash-test-" + id + ".log");
    Files.createDirectories(log.getParent());
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx1g",
            "-Dai.djl.offline=true",
            // as in this JVM (surefire): one libtorch thread beside other work
            "-Dai.djl.pytorch.num_threads=" + System.getProperty("ai.djl.pytorch.num_threads", "1"),
            "-Dai.djl.pytorch.num_interop_threads="
                + System.getProperty("ai.djl.pytorch.num_interop_threads", "1"),
            "-cp",
            System.getProperty("java.class.path"),
            "dev.taper.TaperApplication",
            "--taper.role=worker",
            "--taper.worker.id=" + id,
            "--taper.home=" + TestDatabase.home().resolve(DATABASE),
            "--server.port=0",
            "--spring.datasource.url=" + db.url(),
            "--spring.datasource.username=" + db.username(),
            "--spring.datasource.password=" + db.password(),
            "--spring.flyway.enabled=false",
            "--taper.datasets.register-builtin=false",
            "--taper.worker.lease=6s",
            "--taper.worker.heartbeat-interval=1s",
            "--taper.worker.poll-interval=1s",
            "--taper.worker.checkpoint-interval=1s",
            "--taper.worker.reclaim-interval=1s",
            "--taper.worker.retry-backoff=1s");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    workers.add(process);
    return process;
  }

  JobView jobOf(UUID experiment, String kind) {
    return queue.jobsOf(experiment).stream()
        .filter(j -> j.kind().equals(kind))
        .findFirst()
        .orElseThrow();
  }

  String checkpointUri(long job) {
    return jdbc.sql("select checkpoint_uri from stage_job where id = :id")
        .param("id", job)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  /** Where the job's record says its checkpoint is, once it says so. */
  Optional<Path> checkpointFile(long job) {
    return Optional.ofNullable(checkpointUri(job))
        .map(uri -> TestDatabase.home().resolve(DATABASE).resolve("artifacts").resolve(uri));
  }

  /** The step in the engine's checkpoint header (magic, length, JSON position). */
  long checkpointStep(long job) throws java.io.IOException {
    Path file = checkpointFile(job).orElseThrow();
    try (var in = new java.io.DataInputStream(Files.newInputStream(file))) {
      in.readInt();
      byte[] header = new byte[in.readInt()];
      in.readFully(header);
      return json.readTree(header).get("step").asLong();
    }
  }

  long progressStep(long job) {
    JobView view = queue.find(job).orElseThrow();
    return view.progress() == null ? 0 : view.progress().step();
  }

  void await(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      for (Process worker : workers) {
        if (!worker.isAlive() && worker.exitValue() != 137) {
          throw new AssertionError(
              "a worker JVM exited with " + worker.exitValue() + " (see target/crash-test-*.log)");
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out waiting for " + what + " (see target/crash-test-*.log)");
      }
      // the other JVM and the database are observed from outside; polling is the only option
      Thread.sleep(200);
    }
  }
}
