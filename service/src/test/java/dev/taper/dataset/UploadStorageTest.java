package dev.taper.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.taper.storage.FilesystemArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataAccessResourceFailureException;

/** An upload whose record cannot be written leaves no files in the artifact store. */
class UploadStorageTest {

  @Test
  void anUploadTheDatabaseRefusesToRecordLeavesNoFolder(@TempDir Path root) throws Exception {
    DatasetRegistry registry = mock(DatasetRegistry.class);
    when(registry.register(any()))
        .thenThrow(new DataAccessResourceFailureException("the database went away"));
    DatasetUploads uploads = new DatasetUploads(registry, new FilesystemArtifactStore(root));

    assertThatThrownBy(() -> uploads.register(csvUpload("tiny")))
        .isInstanceOf(DataAccessResourceFailureException.class);

    Path datasets = root.resolve("datasets");
    try (Stream<Path> left = Files.exists(datasets) ? Files.list(datasets) : Stream.empty()) {
      assertThat(left).isEmpty();
    }
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
