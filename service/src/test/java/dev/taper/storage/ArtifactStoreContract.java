package dev.taper.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.taper.config.ChildJvm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every artifact store promises, run against each backend by a subclass: directories appear
 * whole with their manifest or not at all, objects are replaced whole, every read is checked
 * against its SHA-256, streams can be abandoned half-way, failed and interrupted writes leave
 * nothing, and hundreds of megabytes stream through a heap a fraction of their size.
 */
abstract class ArtifactStoreContract {

  static final long MB = 1 << 20;

  @TempDir Path local;

  ArtifactStore store;

  /** A fresh, empty store for one test, keeping its local files under {@code local}. */
  abstract ArtifactStore newStore(Path local) throws Exception;

  /** Changes one byte of a stored directory's file, its length kept, behind the store's back. */
  abstract void corruptFile(String key, String file) throws Exception;

  /** Changes one byte of a stored object, its length kept, behind the store's back. */
  abstract void corruptObject(String key) throws Exception;

  /** {@link StoreExercise} arguments that open the same store in another JVM. */
  abstract List<String> exerciseArguments(Path local);

  /** JVM options the other JVM needs besides a small heap. */
  abstract List<String> exerciseJvmOptions(Path local) throws IOException;

  /** Asserts that no failed write left anything half-stored behind (parts, temporary files). */
  abstract void assertNothingHalfStored() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore(local);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void aDirectoryIsPublishedWholeWithItsManifest() throws IOException {
    Manifest published =
        store.putDirectory(
            "models/a",
            dir -> {
              Files.writeString(dir.resolve("architecture.json"), "{}");
              Files.write(dir.resolve("model-0000.params"), new byte[] {1, 2});
              Files.writeString(Files.createDirectories(dir.resolve("sub")).resolve("x.txt"), "x");
            });

    assertThat(published.files())
        .extracting(StoredFile::name)
        .containsExactly("architecture.json", "model-0000.params", "sub/x.txt");
    assertThat(published.file("model-0000.params"))
        .hasValue(new StoredFile("model-0000.params", 2, Sha256.of(new byte[] {1, 2})));
    assertThat(store.list("models/a")).hasValue(published);
    assertThat(store.exists("models/a")).isTrue();
    try (InputStream in = store.open("models/a", "model-0000.params")) {
      assertThat(in.readAllBytes()).containsExactly(1, 2);
    }
    Path fetched = store.fetchDirectory("models/a");
    assertThat(fetched.resolve("sub/x.txt")).hasContent("x");
    assertThat(fetched.resolve("architecture.json")).hasContent("{}");
    assertThat(store.fetchDirectory("models/a"))
        .as("fetched again: the same copy")
        .isEqualTo(fetched);

    assertThatThrownBy(() -> store.putDirectory("models/a", dir -> {}))
        .as("published keys are never overwritten")
        .isInstanceOf(ArtifactStoreException.class)
        .hasMessageContaining("models/a");
    try (InputStream in = store.open("models/a", "architecture.json")) {
      assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("{}");
    }
  }

  @Test
  void objectsAreReplacedWholeAndStreamBack() throws IOException {
    store.write("checkpoints/job-1.ckpt", out -> out.write(new byte[] {1, 2, 3}));
    try (InputStream in = store.open("checkpoints/job-1.ckpt")) {
      assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
    }
    // larger than a part: a multipart upload on S3
    store.write("checkpoints/job-1.ckpt", out -> GeneratedBytes.write(out, 12 * MB, 3));
    try (InputStream in = store.open("checkpoints/job-1.ckpt")) {
      assertThat(GeneratedBytes.drain(in)).isEqualTo(GeneratedBytes.sha256(12 * MB, 3));
    }
    assertThat(store.exists("checkpoints/job-1.ckpt")).isTrue();
    store.delete("checkpoints/job-1.ckpt");
    assertThat(store.exists("checkpoints/job-1.ckpt")).isFalse();
  }

  @Test
  void aMissingKeyIsAnAnswer() throws IOException {
    store.putDirectory("models/a", dir -> Files.writeString(dir.resolve("x"), "x"));

    assertThat(store.list("models/none")).isEmpty();
    assertThat(store.exists("models/none")).isFalse();
    assertThatThrownBy(() -> store.open("models/none", "x"))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.open("models/a", "y")).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.open("checkpoints/none"))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.fetchDirectory("models/none"))
        .isInstanceOf(ArtifactNotFoundException.class);
    store.delete("models/none");
  }

  @Test
  void aWriterThatFailsLeavesNothingUnderTheKey() throws Exception {
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
    assertThat(store.list("models/b")).isEmpty();

    store.write("checkpoints/job-2.ckpt", out -> out.write(new byte[] {7}));
    assertThatThrownBy(
            () ->
                store.write(
                    "checkpoints/job-2.ckpt",
                    out -> {
                      GeneratedBytes.write(out, 12 * MB, 5);
                      throw new IOException("the engine failed mid-checkpoint");
                    }))
        .isInstanceOf(ArtifactStoreException.class);
    try (InputStream in = store.open("checkpoints/job-2.ckpt")) {
      assertThat(in.readAllBytes()).as("the previous checkpoint stays").containsExactly(7);
    }
    assertNothingHalfStored();
  }

  @Test
  void anInterruptedUploadLeavesNothingUnderTheKey() throws Exception {
    assertThatThrownBy(
            () ->
                store.write(
                    "checkpoints/job-3.ckpt",
                    out -> {
                      GeneratedBytes.write(out, 6 * MB, 1);
                      // a worker shutting down interrupts its job's thread
                      Thread.currentThread().interrupt();
                      GeneratedBytes.write(out, 6 * MB, 2);
                    }))
        .isInstanceOf(RuntimeException.class);
    assertThat(Thread.interrupted()).as("the interruption is kept for the caller").isTrue();
    assertThat(store.exists("checkpoints/job-3.ckpt")).isFalse();
    assertNothingHalfStored();

    // a process killed in the middle of an upload
    Path log = Path.of("target", getClass().getSimpleName() + "-endless.log");
    Files.deleteIfExists(log);
    Process writer = startExercise(log, List.of("--mode=endless"));
    try {
      ChildJvm.awaitLine(writer, log, StoreExercise.STREAMING, Duration.ofMinutes(2));
    } finally {
      writer.destroyForcibly().waitFor();
    }
    assertThat(store.exists("exercise/endless")).isFalse();
    assertThatThrownBy(() -> store.open("exercise/endless"))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void aReaderThatStopsHalfWayLeaksNothing() throws Exception {
    store.write("checkpoints/big", out -> GeneratedBytes.write(out, 12 * MB, 11));
    store.putDirectory(
        "models/big",
        dir -> {
          try (OutputStream out = Files.newOutputStream(dir.resolve("model-0000.params"))) {
            GeneratedBytes.write(out, 12 * MB, 11);
          }
        });
    long descriptorsBefore = openDescriptors();
    for (int i = 0; i < 20; i++) {
      try (InputStream object = store.open("checkpoints/big");
          InputStream file = store.open("models/big", "model-0000.params")) {
        assertThat(object.readNBytes((int) MB)).hasSize((int) MB);
        assertThat(file.readNBytes((int) MB)).hasSize((int) MB);
      }
    }
    assertThat(openDescriptors())
        .as("files and connections closed after 40 abandoned reads")
        .isLessThan(descriptorsBefore + 8);
    String expected = GeneratedBytes.sha256(12 * MB, 11);
    try (InputStream object = store.open("checkpoints/big");
        InputStream file = store.open("models/big", "model-0000.params")) {
      assertThat(GeneratedBytes.drain(object)).isEqualTo(expected);
      assertThat(GeneratedBytes.drain(file)).isEqualTo(expected);
    }
  }

  @Test
  void corruptionIsDetectedWhenRead() throws Exception {
    store.putDirectory(
        "models/c",
        dir -> {
          try (OutputStream out = Files.newOutputStream(dir.resolve("model-0000.params"))) {
            GeneratedBytes.write(out, 2 * MB, 13);
          }
        });
    store.write("checkpoints/c", out -> GeneratedBytes.write(out, 2 * MB, 13));
    corruptFile("models/c", "model-0000.params");
    corruptObject("checkpoints/c");

    assertThatThrownBy(
            () -> {
              try (InputStream in = store.open("models/c", "model-0000.params")) {
                in.transferTo(OutputStream.nullOutputStream());
              }
            })
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining("models/c/model-0000.params")
        .hasMessageContaining("SHA-256");
    assertThatThrownBy(() -> store.fetchDirectory("models/c"))
        .isInstanceOf(ArtifactStoreException.class)
        .hasRootCauseInstanceOf(ChecksumMismatchException.class);
    assertThatThrownBy(
            () -> {
              try (InputStream in = store.open("checkpoints/c")) {
                // a reader that stops at the last byte it expects is checked all the same
                in.readNBytes((int) (2 * MB));
              }
            })
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining("checkpoints/c");
  }

  @Test
  void deleteRemovesEverythingUnderTheKeyAndTheKeyCanBeUsedAgain() throws IOException {
    store.putDirectory("datasets/d", dir -> Files.writeString(dir.resolve("train.csv"), "1,0"));
    store.fetchDirectory("datasets/d");
    store.write("checkpoints/d", out -> out.write(1));

    store.delete("datasets/d");
    store.delete("checkpoints/d");

    assertThat(store.exists("datasets/d")).isFalse();
    assertThat(store.exists("checkpoints/d")).isFalse();
    assertThatThrownBy(() -> store.fetchDirectory("datasets/d"))
        .isInstanceOf(ArtifactNotFoundException.class);
    store.putDirectory("datasets/d", dir -> Files.writeString(dir.resolve("train.csv"), "2,1"));
    assertThat(store.fetchDirectory("datasets/d").resolve("train.csv")).hasContent("2,1");
  }

  @Test
  void keysAndNamesThatCouldEscapeOrCollideAreRefused() {
    for (String key : List.of("../x", "/x", "a//b", ".tmp/x", "a/../../b", "")) {
      assertThatThrownBy(() -> store.write(key, out -> {}))
          .as(key)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.open(key))
          .as(key)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.list(key))
          .as(key)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(
            () ->
                store.putDirectory(
                    "models/m", dir -> Files.writeString(dir.resolve(Manifest.FILE_NAME), "{}")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.exists("models/m")).isFalse();
  }

  @Test
  void twoHundredMegabytesStreamBothWaysThroughASixtyFourMegabyteHeap() throws Exception {
    Path log = Path.of("target", getClass().getSimpleName() + "-200mb.log");
    Files.deleteIfExists(log);
    Process exercise = startExercise(log, List.of("--mode=roundtrip", "--megabytes=200"));
    assertThat(exercise.waitFor(10, TimeUnit.MINUTES)).as("finished; see " + log).isTrue();
    assertThat(exercise.exitValue()).as("exit code; see " + log).isZero();
    String line = ChildJvm.lineWith(log, StoreExercise.RESULT).orElseThrow();
    Map<String, Long> result = parse(line.substring(line.indexOf(StoreExercise.RESULT)));
    System.out.println(getClass().getSimpleName() + " 200 MB through a 64 MB heap: " + result);
    assertThat(result.get("heapMaxMB")).isLessThanOrEqualTo(64);
    assertThat(result.get("megabytes")).isEqualTo(200);
    assertThat(result.get("heapPeakMB")).isLessThanOrEqualTo(64);
  }

  Process startExercise(Path log, List<String> arguments) throws IOException {
    List<String> options = new ArrayList<>(List.of("-Xmx64m", "-XX:+UseSerialGC"));
    options.addAll(exerciseJvmOptions(local));
    List<String> all = new ArrayList<>(exerciseArguments(local));
    all.addAll(arguments);
    return ChildJvm.start(log, options, StoreExercise.class.getName(), all);
  }

  private static Map<String, Long> parse(String line) {
    Map<String, Long> values = new LinkedHashMap<>();
    String body = line.substring(StoreExercise.RESULT.length()).replaceAll("[{}]", "");
    for (String pair : body.split(", ")) {
      String[] keyValue = pair.split("=");
      values.put(keyValue[0], Long.parseLong(keyValue[1].trim()));
    }
    return values;
  }

  private static long openDescriptors() {
    return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getOpenFileDescriptorCount();
  }
}
