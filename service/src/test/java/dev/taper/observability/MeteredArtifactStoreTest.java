package dev.taper.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taper.config.TaperVocabulary;
import dev.taper.storage.ArtifactStoreException;
import dev.taper.storage.FilesystemArtifactStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
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
    store.write("checkpoints/a", new byte[] {1});
    store.putDirectory("models/a", dir -> Files.writeString(dir.resolve("x"), "x"));
    assertThat(store.read("checkpoints/a")).contains(new byte[] {1});
    assertThat(store.read("checkpoints/missing")).isEmpty();
    assertThat(store.exists("models/a")).isTrue();
    try (var in = store.open("checkpoints/a")) {
      assertThat(in.readAllBytes()).containsExactly(1);
    }
    store.delete("models/a");

    assertThat(errors("write") + errors("put_directory") + errors("read") + errors("delete"))
        .isZero();
  }

  @Test
  void aStoreFailureIsCountedUnderItsOperationAndRethrownUnchanged() throws IOException {
    MeteredArtifactStore store = store();
    store.write("blocker", new byte[] {1});

    // "blocker" is a file, so nothing can be created beneath it
    assertThatThrownBy(() -> store.write("blocker/child", new byte[] {2}))
        .isInstanceOf(ArtifactStoreException.class);
    assertThatThrownBy(() -> store.putDirectory("blocker/model", dir -> {}))
        .isInstanceOf(ArtifactStoreException.class);
    store.putDirectory("models/a", dir -> Files.writeString(dir.resolve("x"), "x"));
    assertThatThrownBy(() -> store.read("models/a"))
        .as("reading a directory as bytes")
        .isInstanceOf(ArtifactStoreException.class);

    assertThat(errors("write")).isEqualTo(1.0);
    assertThat(errors("put_directory")).isEqualTo(1.0);
    assertThat(errors("read")).isEqualTo(1.0);
    assertThat(errors("delete")).isZero();
  }

  @Test
  void aMissingKeyOrABadKeyIsNotAStoreFailure() {
    MeteredArtifactStore store = store();

    assertThatThrownBy(() -> store.open("checkpoints/missing"))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.write("../outside", new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(errors("open")).isZero();
    assertThat(errors("write")).isZero();
  }

  private double errors(String operation) {
    return registry
        .get(TaperMetrics.ARTIFACT_STORE_ERRORS)
        .tag("operation", operation)
        .counter()
        .count();
  }
}
