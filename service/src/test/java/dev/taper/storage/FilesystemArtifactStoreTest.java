package dev.taper.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The contract on a folder, its on-disk layout, and folders written by earlier versions. */
class FilesystemArtifactStoreTest extends ArtifactStoreContract {

  Path root;

  @Override
  ArtifactStore newStore(Path local) {
    root = local.resolve("artifacts");
    return new FilesystemArtifactStore(root);
  }

  @Override
  void corruptFile(String key, String file) throws IOException {
    flipFirstByte(root.resolve(key).resolve(file));
  }

  @Override
  void corruptObject(String key) throws IOException {
    flipFirstByte(root.resolve(key));
  }

  @Override
  List<String> exerciseArguments(Path local) {
    return List.of("--store=filesystem", "--root=" + local.resolve("artifacts"));
  }

  @Override
  List<String> exerciseJvmOptions(Path local) {
    return List.of();
  }

  @Override
  void assertNothingHalfStored() throws IOException {
    try (Stream<Path> temp = Files.list(root.resolve(".tmp"))) {
      assertThat(temp).as("the temporary folder is cleaned up").isEmpty();
    }
  }

  @Test
  void theFolderIsLaidOutAsTheKeysSay() throws IOException {
    store.putDirectory(
        "models/a", dir -> Files.write(dir.resolve("model-0000.params"), new byte[] {4}));
    store.write("checkpoints/job-1.ckpt", out -> out.write(new byte[] {1, 2, 3}));

    assertThat(root.resolve("models/a/model-0000.params")).hasBinaryContent(new byte[] {4});
    assertThat(root.resolve("models/a").resolve(Manifest.FILE_NAME)).isRegularFile();
    byte[] checkpoint = Files.readAllBytes(root.resolve("checkpoints/job-1.ckpt"));
    assertThat(checkpoint)
        .as("the bytes, then their SHA-256 and the trailer's mark")
        .hasSize(3 + ChecksumTrailer.LENGTH)
        .startsWith(1, 2, 3);
  }

  /**
   * A file the folder refuses to give up (immutable here, which stops root as well) fails the
   * deletion instead of passing for deleted; the rest still goes.
   */
  @Test
  void aDeletionThatLeavesAFileBehindFails() throws Exception {
    store.putDirectory(
        "models/a",
        dir -> {
          Files.write(dir.resolve("model-0000.params"), new byte[] {4});
          Files.write(dir.resolve("architecture.json"), new byte[] {5});
        });
    Path stuck = root.resolve("models/a/model-0000.params");
    assumeTrue(chattr("+i", stuck) == 0, "this file system cannot make a file immutable");
    try {
      assertThatThrownBy(() -> store.delete("models/a"))
          .isInstanceOf(ArtifactStoreException.class)
          .hasMessageContaining("cannot delete all of");
      assertThat(stuck).exists();
      assertThat(root.resolve("models/a/architecture.json")).doesNotExist();
    } finally {
      chattr("-i", stuck);
    }
    store.delete("models/a");
    assertThat(store.exists("models/a")).isFalse();
  }

  private static int chattr(String flag, Path file) throws Exception {
    try {
      return new ProcessBuilder("chattr", flag, file.toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
    } catch (IOException noChattr) {
      return -1;
    }
  }

  @Test
  void aDirectoryStoredBeforeManifestsStillReads() throws IOException {
    Path old = Files.createDirectories(root.resolve("models/old"));
    Files.write(old.resolve("model-0000.params"), new byte[] {5, 6});
    Files.writeString(old.resolve("architecture.json"), "{}");

    assertThat(store.exists("models/old")).isTrue();
    assertThat(store.list("models/old").orElseThrow().file("model-0000.params"))
        .hasValue(new StoredFile("model-0000.params", 2, Sha256.of(new byte[] {5, 6})));
    try (InputStream in = store.open("models/old", "model-0000.params")) {
      assertThat(in.readAllBytes()).containsExactly(5, 6);
    }
    assertThat(store.fetchDirectory("models/old")).isEqualTo(old);
  }

  @Test
  void anObjectStoredBeforeChecksumsStillReads() throws IOException {
    Files.createDirectories(root.resolve("checkpoints"));
    Files.write(root.resolve("checkpoints/job-9.ckpt"), new byte[] {9, 8, 7});

    try (InputStream in = store.open("checkpoints/job-9.ckpt")) {
      assertThat(in.readAllBytes()).containsExactly(9, 8, 7);
    }
  }

  private static void flipFirstByte(Path file) throws IOException {
    try (RandomAccessFile bytes = new RandomAccessFile(file.toFile(), "rw")) {
      int first = bytes.read();
      bytes.seek(0);
      bytes.write(first ^ 0xff);
    }
  }
}
