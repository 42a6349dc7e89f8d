package dev.taper.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemArtifactStoreTest {

  @TempDir Path root;

  @Test
  void aDirectoryAppearsWhole() {
    FilesystemArtifactStore store = new FilesystemArtifactStore(root);
    store.putDirectory(
        "models/a",
        dir -> {
          Files.writeString(dir.resolve("architecture.json"), "{}");
          Files.write(dir.resolve("model-0000.params"), new byte[] {1, 2});
        });
    assertThat(store.directory("models/a").resolve("model-0000.params"))
        .hasBinaryContent(new byte[] {1, 2});
    assertThatThrownBy(() -> store.putDirectory("models/a", dir -> {}))
        .as("published keys are never overwritten")
        .isInstanceOf(ArtifactStoreException.class);
  }

  @Test
  void aWriterThatFailsLeavesNothingUnderTheKey() throws IOException {
    FilesystemArtifactStore store = new FilesystemArtifactStore(root);
    assertThatThrownBy(
            () ->
                store.putDirectory(
                    "models/b",
                    dir -> {
                      Files.writeString(dir.resolve("architecture.json"), "{}");
                      throw new IOException("disk full");
                    }))
        .isInstanceOf(ArtifactStoreException.class);
    assertThat(store.exists("models/b")).isFalse();
    try (var temp = Files.list(root.resolve(".tmp"))) {
      assertThat(temp).as("the temporary folder is cleaned up").isEmpty();
    }
  }

  @Test
  void writesReplaceAtomicallyAndReadsSeeTheLatest() {
    FilesystemArtifactStore store = new FilesystemArtifactStore(root);
    assertThat(store.read("checkpoints/job-1.ckpt")).isEmpty();
    store.write("checkpoints/job-1.ckpt", new byte[] {1});
    store.write("checkpoints/job-1.ckpt", new byte[] {2, 3});
    assertThat(store.read("checkpoints/job-1.ckpt"))
        .hasValueSatisfying(b -> assertThat(b).containsExactly(2, 3));
    store.delete("checkpoints/job-1.ckpt");
    assertThat(store.exists("checkpoints/job-1.ckpt")).isFalse();
  }

  @Test
  void keysCannotEscapeTheStore() {
    FilesystemArtifactStore store = new FilesystemArtifactStore(root);
    assertThatThrownBy(() -> store.read("../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.write(".tmp/x", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
