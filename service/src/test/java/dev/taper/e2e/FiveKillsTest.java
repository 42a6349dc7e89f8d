package dev.taper.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.config.LeftoverServers;
import dev.taper.training.family.NetworkFiles;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Taper as a single machine runs it (one JVM, role {@code all}, the embedded PostgreSQL) is killed
 * with SIGKILL five times in a row in the middle of a WIDE stage. Every restart on the same home
 * comes up, takes the stage back from where its last checkpoint left it, and the experiment ends as
 * an uninterrupted run would: succeeded, with one model per stage, its lineage, and WIDE parameters
 * identical bit for bit to those of a run that was never killed. The SCRATCH baseline waits in the
 * queue through every kill (each restart resumes WIDE first, whose priority is higher): taking back
 * the dead process's jobs must not take that one back too, so it succeeds at its first attempt. A
 * second Taper started on the same home meanwhile is refused with a clear message.
 */
class FiveKillsTest {

  static final int KILLS = 5;
  static final Duration READY_WITHIN = Duration.ofSeconds(60);

  /**
   * A WIDE stage of 3,375 steps, 56 an epoch. Each attempt is killed once it has checkpointed
   * (every epoch and every second): five kills take less than half of the stage even on a fast
   * machine (on a 2-core AMD EPYC an attempt ran about 300 steps before its kill, and with 1,688
   * steps the fifth resumption finished before its first progress report could be seen).
   */
  static final String SPEC =
      """
      {"name": "%s", "dataset": "fashion-mnist",
       "model": {"family": "mlp", "depth": 2, "width": 16}, "widenFactor": 8, "seed": 23,
       "device": "cpu",
       "wide": {"epochs": 60, "batchSize": 32},
       "imitate": {"stepsPerLayer": 10, "batchSize": 64},
       "finetune": {"epochs": 1, "batchSize": 64},
       "baselines": ["scratch"]}
      """;

  @TempDir Path home;

  final List<TaperProcess> started = new ArrayList<>();
  TaperProcess taper;

  @AfterEach
  void stopTaper() throws Exception {
    for (TaperProcess process : started) {
      process.stop();
    }
    // after a failure, a killed process's server may still run on the home
    LeftoverServers.stop(home);
  }

  @Test
  void aWideStageKilledFiveTimesResumesEachTimeAndEndsAsAnUninterruptedRun() throws Exception {
    taper = start("start");
    Duration firstStart = taper.awaitReady(Duration.ofMinutes(4));
    // within 60 s; a machine so busy that even the first start took longer gets that long
    Duration readyWithin = firstStart.compareTo(READY_WITHIN) > 0 ? firstStart : READY_WITHIN;
    log("first start ready in %s", firstStart);
    String experiment = submit("killed");
    long wide = stageId(experiment, "WIDE");

    long resumedFrom = 0;
    for (int kill = 1; kill <= KILLS; kill++) {
      Killed killed = killAfterACheckpointPast(resumedFrom, wide, kill);
      restartAndAwaitResumption(killed, wide, kill, readyWithin);
      resumedFrom = killed.checkpoint();
    }

    JsonNode done = awaitEnd(experiment, Duration.ofMinutes(3));
    assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
    assertThat(taper.logText())
        .contains("stage job " + wide + " resumed from its checkpoint at step " + resumedFrom);
    Map<String, String> models = modelsByRole(done);
    assertThat(models).containsOnlyKeys("WIDE", "WARMED", "THIN", "SCRATCH");
    assertThat(job(stageId(experiment, "SCRATCH")).get("attempt").asInt())
        .as("a job queued at the kill, not left running by the dead process")
        .isEqualTo(1);
    assertThat(lineage(models))
        .containsExactlyInAnyOrder("WIDE-IMITATED_FROM->WARMED", "WARMED-FINETUNED_FROM->THIN");
    assertThat(modelRowsPerStage(experiment))
        .as("one model row per stage, however often the stage was killed")
        .containsOnlyKeys(stageIds(done))
        .allSatisfy((stage, rows) -> assertThat(rows).isEqualTo(1));

    // the refused start overlaps the uninterrupted run: the home is in use, and the run's bits
    // do not depend on what else the machine does
    TaperProcess second = start("second");
    String reference = submit("uninterrupted");
    isRefused(second);
    JsonNode uninterrupted = awaitEnd(reference, Duration.ofMinutes(3));
    assertThat(uninterrupted.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(job(stageId(reference, "WIDE")).get("attempt").asInt()).isEqualTo(1);
    String referenceWide = modelsByRole(uninterrupted).get("WIDE");
    assertThat(wideParameters(models.get("WIDE")))
        .as("WIDE parameters after five kills, against an uninterrupted run of the same seed")
        .isEqualTo(wideParameters(referenceWide));
    assertThat(model(models.get("WIDE")).get("sha256").asString())
        .isEqualTo(model(referenceWide).get("sha256").asString());
  }

  /**
   * What a kill left.
   *
   * @param attempt the WIDE stage's attempt that was killed
   * @param checkpoint the step of the checkpoint the killed process left
   */
  record Killed(int attempt, long checkpoint) {}

  /**
   * Kills Taper as soon as the WIDE stage has checkpointed past {@code resumedFrom}: at an epoch's
   * end or a second into the attempt, whichever comes first.
   */
  private Killed killAfterACheckpointPast(long resumedFrom, long wide, int kill) throws Exception {
    awaitJob(
        wide,
        Duration.ofMinutes(2),
        // the first progress report may come after the first checkpoint on a fast machine
        () -> checkpointStep(wide) > resumedFrom && job(wide).path("progress").has("totalSteps"),
        "attempt " + kill + " to checkpoint past step " + resumedFrom + " and report progress");
    JsonNode before = job(wide);
    taper.kill();
    long checkpoint = checkpointStep(wide);
    long totalSteps = before.get("progress").get("totalSteps").asLong();
    log(
        "kill %d at step %d of %d, attempt %d; checkpoint at step %d",
        kill,
        before.get("progress").get("step").asLong(),
        totalSteps,
        before.get("attempt").asInt(),
        checkpoint);
    assertThat(before.get("status").asString()).as("killed during WIDE").isEqualTo("RUNNING");
    assertThat(checkpoint)
        .as("a checkpoint later than the last one, short of the end")
        .isGreaterThan(resumedFrom)
        .isLessThan(totalSteps);
    return new Killed(before.get("attempt").asInt(), checkpoint);
  }

  /** Starts Taper again and waits until the WIDE stage runs, resumed from the last checkpoint. */
  private void restartAndAwaitResumption(Killed killed, long wide, int kill, Duration readyWithin)
      throws Exception {
    taper = start("restart-" + kill);
    Duration ready = taper.awaitReady(readyWithin);
    awaitJob(
        wide,
        Duration.ofMinutes(1),
        () -> {
          JsonNode job = job(wide);
          return job.get("attempt").asInt() > killed.attempt()
              && job.get("progress").isObject()
              && job.get("progress").get("firstStep").asLong() > 0;
        },
        "the WIDE stage to run again after kill " + kill);
    JsonNode progress = job(wide).get("progress");
    log(
        "restart %d ready in %s; resumed from step %d, first step %d",
        kill, ready, progress.get("resumedFromStep").asLong(), progress.get("firstStep").asLong());
    assertThat(progress.get("resumedFromStep").asLong())
        .as("restart %d resumed from the checkpoint the killed process left", kill)
        .isEqualTo(killed.checkpoint());
    assertThat(progress.get("firstStep").asLong()).isGreaterThan(killed.checkpoint());
    assertThat(taper.logText())
        .as("restart %d took WIDE back at start-up, not later behind the retry backoff", kill)
        .contains("took back 1 stage job(s) a previous process left running");
  }

  private void isRefused(TaperProcess second) throws Exception {
    if (!second.process.waitFor(3, TimeUnit.MINUTES)) {
      second.process.destroyForcibly().waitFor();
      throw new AssertionError("a second Taper on the same home still runs; see " + second.log);
    }
    assertThat(second.process.exitValue()).isNotZero();
    assertThat(second.logText())
        .contains("APPLICATION FAILED TO START")
        .contains(
            "TAPER_HOME "
                + home
                + " is in use by another Taper process (pid "
                + taper.process.pid()
                + ")");
  }

  private TaperProcess start(String name) throws IOException {
    TaperProcess process = TaperProcess.start(home, name);
    started.add(process);
    return process;
  }

  private String submit(String name) {
    var created = taper.http.post("/api/v1/experiments", SPEC.formatted(name));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return taper.http.json(created).get("id").asString();
  }

  private JsonNode experiment(String id) {
    return taper.http.json(taper.http.get("/api/v1/experiments/" + id));
  }

  private long stageId(String experiment, String kind) {
    return experiment(experiment)
        .get("stages")
        .valueStream()
        .filter(s -> s.get("kind").asString().equals(kind))
        .findFirst()
        .orElseThrow()
        .get("id")
        .asLong();
  }

  private static List<Long> stageIds(JsonNode experiment) {
    return experiment.get("stages").valueStream().map(s -> s.get("id").asLong()).toList();
  }

  private JsonNode job(long id) {
    return taper.http.json(taper.http.get("/api/v1/jobs/" + id));
  }

  private JsonNode model(String id) {
    return taper.http.json(taper.http.get("/api/v1/models/" + id));
  }

  /** The step in the checkpoint's header (magic, length, JSON position); 0 without one. */
  private long checkpointStep(long job) {
    Path file = home.resolve("artifacts").resolve("checkpoints").resolve("job-" + job + ".ckpt");
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
      in.readInt();
      byte[] header = new byte[in.readInt()];
      in.readFully(header);
      return taper
          .http
          .json(new String(header, java.nio.charset.StandardCharsets.UTF_8))
          .get("step")
          .asLong();
    } catch (java.nio.file.NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Map<String, String> modelsByRole(JsonNode experiment) {
    Map<String, String> models = new HashMap<>();
    for (JsonNode model : experiment.get("models")) {
      models.put(model.get("role").asString(), model.get("id").asString());
    }
    return models;
  }

  private List<String> lineage(Map<String, String> models) {
    Map<String, String> roleOf = new HashMap<>();
    models.forEach((role, id) -> roleOf.put(id, role));
    JsonNode lineage =
        taper.http.json(taper.http.get("/api/v1/models/" + models.get("THIN") + "/lineage"));
    return lineage
        .get("edges")
        .valueStream()
        .map(
            e ->
                roleOf.get(e.get("from").asString())
                    + "-"
                    + e.get("relation").asString()
                    + "->"
                    + roleOf.get(e.get("to").asString()))
        .toList();
  }

  /** Model rows per producing stage, read from the embedded database itself. */
  private Map<Long, Integer> modelRowsPerStage(String experiment) throws Exception {
    int port =
        Integer.parseInt(
            Files.readAllLines(home.resolve("postgres").resolve("postmaster.pid")).get(3).trim());
    Map<Long, Integer> rows = new HashMap<>();
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres");
        var statement =
            connection.prepareStatement(
                "select produced_by, count(*) from model where experiment_id = ? group by produced_by")) {
      statement.setObject(1, UUID.fromString(experiment));
      try (var result = statement.executeQuery()) {
        while (result.next()) {
          rows.put(result.getLong(1), result.getInt(2));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  private byte[] wideParameters(String model) throws IOException {
    byte[] zip = taper.http.getBytes("/api/v1/models/" + model + "/download").body();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (entry.getName().equals(NetworkFiles.PARAMETERS_FILE)) {
          return in.readAllBytes();
        }
      }
    }
    throw new AssertionError("no " + NetworkFiles.PARAMETERS_FILE + " in the download of " + model);
  }

  private void awaitJob(long job, Duration timeout, BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (!taper.process.isAlive()) {
        throw new AssertionError(
            "Taper exited with " + taper.process.exitValue() + "; see " + taper.log);
      }
      String status = job(job).get("status").asString();
      if (status.equals("SUCCEEDED") || status.equals("FAILED")) {
        throw new AssertionError("the WIDE stage ended (" + status + ") while waiting for " + what);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; see " + taper.log);
      }
      // the service runs in another JVM: its API is polled, as a user would
      Thread.sleep(100);
    }
  }

  private JsonNode awaitEnd(String id, Duration timeout) throws InterruptedException {
    return taper.http.awaitSettled("/api/v1/experiments/" + id, timeout);
  }

  private static void log(String format, Object... args) {
    System.out.println("[five kills] " + String.format(format, args));
  }
}
