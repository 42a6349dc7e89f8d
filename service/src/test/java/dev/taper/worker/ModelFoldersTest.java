package dev.taper.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taper.config.ApiContextTest;
import dev.taper.config.PostgresTest;
import dev.taper.experiment.ExperimentService;
import dev.taper.queue.ClaimedJob;
import dev.taper.queue.ExpiredLeases;
import dev.taper.queue.LeaseLostException;
import dev.taper.queue.StageQueue;
import dev.taper.spec.ComputeDevice;
import dev.taper.spec.DefaultSpecs;
import dev.taper.storage.FilesystemArtifactStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A model folder stored and then recorded leaves nothing behind; one whose attempt died between the
 * two (its process killed) is deleted by the sweep once that attempt has ended, and not before.
 */
@ApiContextTest
class ModelFoldersTest extends PostgresTest {

  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transactions;
  @Autowired ExperimentService experiments;
  @Autowired StageQueue queue;
  @Autowired ExpiredLeases expiredLeases;
  @TempDir Path root;
  FilesystemArtifactStore store;
  ModelFolders folders;

  @BeforeEach
  void setUp() {
    jdbc.sql(
            "truncate unpublished_folder, model_edge, model, worker, stage_job, experiment cascade")
        .update();
    store = new FilesystemArtifactStore(root);
    folders = new ModelFolders(jdbc, store, transactions);
  }

  @Test
  void aRecordedFolderIsKeptAndNoLongerNamed() {
    ClaimedJob job = runningJob();
    String key = storeFolder(job);

    folders.record(key, () -> queue.complete(job.lease(), null));

    assertThat(store.exists(key)).isTrue();
    assertThat(named()).isZero();
    assertThat(folders.sweep()).isZero();
    assertThat(store.exists(key)).isTrue();
  }

  @Test
  void aFolderWhoseRecordingFailsIsDeletedAndTheFailureThrown() {
    ClaimedJob job = runningJob();
    String key = storeFolder(job);
    expiredLeases.reclaimAbandoned();

    assertThatThrownBy(() -> folders.record(key, () -> queue.complete(job.lease(), null)))
        .isInstanceOf(LeaseLostException.class);

    assertThat(store.exists(key)).isFalse();
    assertThat(named()).isZero();
  }

  @Test
  void aFolderLeftByAnAttemptThatDiedIsSweptOnlyOnceThatAttemptHasEnded() {
    ClaimedJob job = runningJob();
    String key = storeFolder(job);
    // the process is killed here, before the recording transaction

    assertThat(folders.sweep()).as("its attempt may still record it").isZero();
    assertThat(store.exists(key)).isTrue();

    // a restarted process, or another one once the lease has run out, takes the job back
    assertThat(expiredLeases.reclaimAbandoned()).isEqualTo(1);

    assertThat(folders.sweep()).isEqualTo(1);
    assertThat(store.exists(key)).isFalse();
    assertThat(named()).isZero();
  }

  @Test
  void aFolderIsStillSweptOnceItsJobIsDeletedWithItsExperiment() {
    ClaimedJob job = runningJob();
    String key = storeFolder(job);
    // its experiment deleted after the job was taken back
    expiredLeases.reclaimAbandoned();
    jdbc.sql("delete from stage_job where experiment_id = :experiment")
        .param("experiment", job.experimentId())
        .update();

    assertThat(folders.sweep()).isEqualTo(1);
    assertThat(store.exists(key)).isFalse();
  }

  ClaimedJob runningJob() {
    experiments.submit(DefaultSpecs.withoutBaselines("fashion-mnist", 1L, ComputeDevice.CPU), null);
    return queue.claim("test-worker", false).orElseThrow();
  }

  String storeFolder(ClaimedJob job) {
    String key = "models/" + UUID.randomUUID();
    folders.store(
        job.lease(),
        key,
        directory ->
            Files.writeString(directory.resolve("weights.bin"), "weights", StandardCharsets.UTF_8));
    return key;
  }

  long named() {
    return jdbc.sql("select count(*) from unpublished_folder").query(Long.class).single();
  }
}
