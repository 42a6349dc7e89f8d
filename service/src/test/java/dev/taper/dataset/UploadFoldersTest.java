package dev.taper.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.when;

import dev.taper.config.ApiContextTest;
import dev.taper.config.PostgresTest;
import dev.taper.storage.ArtifactStore;
import dev.taper.storage.DeletedArtifacts;
import dev.taper.storage.FilesystemArtifactStore;
import dev.taper.storage.RememberedFiles;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An upload's folder is registered or deleted: a registration that fails deletes it, one whose
 * process died while storing it is deleted by the housekeeping once it is older than any upload
 * takes to store, and a registration that comes after that fails rather than record deleted files.
 */
@ApiContextTest
class UploadFoldersTest extends PostgresTest {

  static final Duration ABANDON_AFTER = Duration.ofHours(6);

  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transactions;
  @Autowired DatasetRegistry registry;
  @TempDir Path root;
  FilesystemArtifactStore store;
  UploadFolders folders;

  @BeforeEach
  void setUp() {
    jdbc.sql("truncate unregistered_upload, deleted_artifact, dataset cascade").update();
    store = new FilesystemArtifactStore(root);
    folders = new UploadFolders(jdbc, store, transactions, ABANDON_AFTER);
  }

  @Test
  void aRegisteredUploadKeepsItsFolderAndIsNoLongerNamed() {
    RegisteredDataset dataset =
        new DatasetUploads(registry, store, folders).register(csvUpload("tiny"));

    String key = keyOf(dataset);
    assertThat(store.exists(key)).isTrue();
    assertThat(named()).isZero();
    ageEveryNamedFolder(ABANDON_AFTER.plusMinutes(1));
    assertThat(folders.sweep()).isZero();
    assertThat(store.exists(key)).isTrue();
  }

  @Test
  void anUploadTheDatabaseRefusesToRecordLeavesNoFolder() throws Exception {
    DatasetRegistry refusing = mock(DatasetRegistry.class);
    when(refusing.register(any()))
        .thenThrow(new DataAccessResourceFailureException("the database went away"));
    DatasetUploads uploads = new DatasetUploads(refusing, store, folders);

    assertThatThrownBy(() -> uploads.register(csvUpload("tiny")))
        .isInstanceOf(DataAccessResourceFailureException.class);

    assertThat(storedUploads()).isEmpty();
    assertThat(named()).isZero();
  }

  @Test
  void aNameTakenWhileStoringIsAConflictAndLeavesNoFolder() throws Exception {
    DatasetRegistry racing = mock(DatasetRegistry.class);
    // another request registered the name after this one checked it
    when(racing.register(any())).thenThrow(new DataIntegrityViolationException("dataset_name_key"));

    assertThatThrownBy(() -> new DatasetUploads(racing, store, folders).register(csvUpload("tiny")))
        .isInstanceOfSatisfying(
            DatasetUploadException.class,
            e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.CONFLICT));

    assertThat(storedUploads()).isEmpty();
    assertThat(named()).isZero();
  }

  @Test
  void aFolderLeftByAProcessKilledWhileStoringIsDeletedOnceItIsOlderThanAnyUpload()
      throws Exception {
    String key = "datasets/tiny-killed";
    folders.store(key, directory -> Files.writeString(directory.resolve("train.csv"), "0,1\n"));
    // the process is killed here, before the registration

    ageEveryNamedFolder(ABANDON_AFTER.minusMinutes(1));
    assertThat(folders.sweep()).as("it may still be storing").isZero();
    assertThat(store.exists(key)).isTrue();

    ageEveryNamedFolder(ABANDON_AFTER.plusMinutes(1));
    assertThat(folders.sweep()).isEqualTo(1);
    assertThat(named()).isZero();
    assertThat(RememberedFiles.contains(jdbc, key)).isTrue();

    new DeletedArtifacts(jdbc, store).sweep();
    assertThat(store.exists(key)).isFalse();
    assertThat(RememberedFiles.contains(jdbc, key)).isFalse();
  }

  @Test
  void anUploadStoredForLongerThanTheHousekeepingWaitsIsRefusedAndRegistersNothing()
      throws Exception {
    ArtifactStore slow = spy(store);
    doAnswer(
            stored -> {
              Object manifest = stored.callRealMethod();
              // hours pass while the files are copied, and a worker's housekeeping runs
              ageEveryNamedFolder(ABANDON_AFTER.plusMinutes(1));
              assertThat(folders.sweep()).isEqualTo(1);
              return manifest;
            })
        .when(slow)
        .putDirectory(any(), any());
    UploadFolders slowFolders = new UploadFolders(jdbc, slow, transactions, ABANDON_AFTER);

    assertThatThrownBy(
            () -> new DatasetUploads(registry, slow, slowFolders).register(csvUpload("tiny")))
        .isInstanceOfSatisfying(
            UploadAbandonedException.class,
            e -> {
              assertThat(e.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
              assertThat(e.getBody().getDetail()).contains("abandon-upload-after (PT6H)");
            });

    assertThat(registry.list()).isEmpty();
    assertThat(storedUploads()).isEmpty();
    assertThat(named()).isZero();
  }

  @Test
  void aNonPositiveWaitIsRefusedAtStartUp() {
    assertThatThrownBy(() -> new UploadFolders(jdbc, store, transactions, Duration.ZERO))
        .hasMessageContaining("taper.datasets.abandon-upload-after must be positive");
  }

  private void ageEveryNamedFolder(Duration age) {
    jdbc.sql("update unregistered_upload set named_at = now() - make_interval(secs => :seconds)")
        .param("seconds", (double) age.toSeconds())
        .update();
  }

  private long named() {
    return jdbc.sql("select count(*) from unregistered_upload").query(Long.class).single();
  }

  private List<Path> storedUploads() throws Exception {
    Path datasets = root.resolve("datasets");
    try (Stream<Path> stored = Files.exists(datasets) ? Files.list(datasets) : Stream.empty()) {
      return stored.toList();
    }
  }

  private static String keyOf(RegisteredDataset dataset) {
    return dataset.uri().substring(DatasetRegistry.ARTIFACT.length());
  }

  static DatasetUploads.Request csvUpload(String name) {
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      csv.append(i % 2).append(',').append(i * 0.1).append(',').append(1 - i * 0.1).append('\n');
    }
    byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
    DatasetUploads.Part train =
        new DatasetUploads.Part() {
          @Override
          public String name() {
            return "train";
          }

          @Override
          public String filename() {
            return "train.csv";
          }

          @Override
          public InputStream open() {
            return new ByteArrayInputStream(bytes);
          }
        };
    return new DatasetUploads.Request(
        name, "csv", "2", Map.of("train", train), Set.of("name", "format", "classes"), Map.of());
  }
}
