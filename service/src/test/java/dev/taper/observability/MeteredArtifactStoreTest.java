package dev.taper.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taper.config.TaperVocabulary;
import dev.taper.storage.ArtifactNotFoundException;
import dev.taper.storage.ArtifactStoreException;
import dev.taper.storage.ChecksumMismatchException;
import dev.taper.storage.FilesystemArtifactStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeteredArtifactStoreTest {

  @TempDir Path root;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private MeteredArtifactStore store() {
    return new MeteredArtifactStore(
        new FilesystemArtifactStore(root), new TaperMetrics(registry, TaperVocabulary.meters()));
  }

  @Test
  void successfulOperationsCountNothing() throws IOException {
    MeteredArtifactStore store = store();
    store.write("checkpoints/a", out -> out.write(1));
    store.putDirectory("models/a", dir -> Files.writeString(dir.resolve("x"), "x"));
    try (InputStream in = store.open("checkpoints/a")) {
      assertThat(in.readAllBytes()).containsExactly(1);
    }
    try (InputStream in = store.open("models/a", "x")) {
      assertThat(in.readAllBytes()).containsExactly('x');
    }
    assertThat(store.list("models/a")).isPresent();
    assertThat(store.fetchDirectory("models/a").resolve("x")).hasContent("x");
    assertThat(store.exists("models/a")).isTrue();
    store.delete("models/a");

    assertThat(MeteredArtifactStore.OPERATIONS.stream().mapToDouble(this::errors).sum()).isZero();
  }

  @Test
  void aStoreFailureIsCountedUnderItsOperationAndRethrownUnchanged() throws IOException {
    MeteredArtifactStore store = store();
    store.write("blocker", out -> out.write(1));

    // "blocker" is a file, so nothing can be created beneath it
    assertThatThrownBy(() -> store.write("blocker/child", out -> out.write(2)))
        .isInstanceOf(ArtifactStoreException.class);
    assertThatThrownBy(() -> store.putDirectory("blocker/model", dir -> {}))
        .isInstanceOf(ArtifactStoreException.class);
    store.putDirectory("models/a", dir -> Files.writeString(dir.resolve("x"), "x"));
    assertThatThrownBy(() -> store.open("models/a"))
        .as("reading a directory as an object")
        .isInstanceOf(IOException.class);

    assertThat(errors("write")).isEqualTo(1.0);
    assertThat(errors("put_directory")).isEqualTo(1.0);
    assertThat(errors("read")).isEqualTo(1.0);
    assertThat(errors("delete")).isZero();
  }

  @Test
  void aFailureWhileReadingAStreamIsCountedOnce() throws IOException {
    MeteredArtifactStore store = store();
    store.putDirectory("models/c", dir -> Files.write(dir.resolve("p"), new byte[1000]));
    Files.write(root.resolve("models/c/p"), new byte[] {1}, java.nio.file.StandardOpenOption.WRITE);

    try (InputStream in = store.open("models/c", "p")) {
      assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
          .isInstanceOf(ChecksumMismatchException.class);
      assertThatThrownBy(in::read).isInstanceOf(ChecksumMismatchException.class);
    }
    assertThatThrownBy(() -> store.fetchDirectory("models/c"))
        .isInstanceOf(ArtifactStoreException.class);

    assertThat(errors("open")).isEqualTo(1.0);
    assertThat(errors("fetch_directory")).isEqualTo(1.0);
  }

  @Test
  void aMissingKeyOrABadKeyIsNotAStoreFailure() {
    MeteredArtifactStore store = store();

    assertThatThrownBy(() -> store.open("checkpoints/missing"))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.open("models/missing", "x"))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.fetchDirectory("models/missing"))
        .isInstanceOf(ArtifactNotFoundException.class);
    assertThatThrownBy(() -> store.write("../outside", out -> out.write(1)))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(MeteredArtifactStore.OPERATIONS.stream().mapToDouble(this::errors).sum()).isZero();
  }

  private double errors(String operation) {
    return registry
        .get(TaperMetrics.ARTIFACT_STORE_ERRORS)
        .tag("operation", operation)
        .counter()
        .count();
  }
}
