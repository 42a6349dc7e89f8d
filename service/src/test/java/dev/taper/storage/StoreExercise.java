package dev.taper.storage;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * A child JVM's work for the store tests, on a store built from its arguments as the service builds
 * it (credentials from the AWS SDK's default chain): {@code roundtrip} streams {@code --megabytes}
 * through an object and a directory both ways, checks every byte and prints one {@code RESULT} line
 * of throughputs and heap use; {@code endless} writes an object that never ends, saying {@code
 * STREAMING} once parts are uploaded, until it is killed.
 */
public final class StoreExercise {

  static final String RESULT = "RESULT ";
  static final String STREAMING = "STREAMING";

  private StoreExercise() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      options.put(arg.substring(2, equals), arg.substring(equals + 1));
    }
    try (ArtifactStore store = store(options)) {
      if (options.get("mode").equals("endless")) {
        endless(store);
      } else {
        roundtrip(store, Long.parseLong(options.get("megabytes")) << 20);
      }
    }
  }

  private static ArtifactStore store(Map<String, String> options) {
    if (options.get("store").equals("filesystem")) {
      return new FilesystemArtifactStore(Path.of(options.get("root")));
    }
    S3Settings settings =
        new S3Settings(
            options.get("bucket"),
            options.get("prefix"),
            URI.create(options.get("endpoint")),
            options.get("region"),
            Boolean.parseBoolean(options.get("path-style")),
            16 << 20,
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            6,
            Duration.ofMillis(200),
            Duration.ofSeconds(10),
            8);
    return new S3ArtifactStore(
        S3Clients.create(settings, DefaultCredentialsProvider.builder().build()),
        settings,
        Path.of(options.get("local")));
  }

  private static void roundtrip(ArtifactStore store, long length) throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    String expected = GeneratedBytes.sha256(length, 7);

    long started = System.nanoTime();
    store.write("exercise/object", out -> GeneratedBytes.write(out, length, 7));
    result.put("writeObjectMBps", rate(length, started));

    started = System.nanoTime();
    try (InputStream in = store.open("exercise/object")) {
      check(GeneratedBytes.drain(in), expected, "the object read back");
    }
    result.put("readObjectMBps", rate(length, started));

    started = System.nanoTime();
    store.putDirectory(
        "exercise/directory",
        directory -> {
          try (OutputStream out = Files.newOutputStream(directory.resolve("big.bin"))) {
            GeneratedBytes.write(out, length, 7);
          }
        });
    result.put("putDirectoryMBps", rate(length, started));

    started = System.nanoTime();
    try (InputStream in = store.open("exercise/directory", "big.bin")) {
      check(GeneratedBytes.drain(in), expected, "the directory's file streamed back");
    }
    result.put("openFileMBps", rate(length, started));

    started = System.nanoTime();
    Path fetched = store.fetchDirectory("exercise/directory").resolve("big.bin");
    result.put("fetchDirectoryMBps", rate(length, started));
    try (InputStream in = Files.newInputStream(fetched)) {
      check(GeneratedBytes.drain(in), expected, "the fetched copy");
    }

    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    result.put("heapPeakMB", peak >> 20);
    result.put("heapMaxMB", Runtime.getRuntime().maxMemory() >> 20);
    result.put("megabytes", length >> 20);
    System.out.println(RESULT + result);
    System.out.flush();
  }

  private static void endless(ArtifactStore store) {
    store.write(
        "exercise/endless",
        out -> {
          byte[] chunk = new byte[1 << 20];
          for (long written = 0; ; written += chunk.length) {
            out.write(chunk);
            if (written == 40L << 20) {
              System.out.println(STREAMING);
              System.out.flush();
            }
          }
        });
  }

  private static void check(String actual, String expected, String what) {
    if (!actual.equals(expected)) {
      throw new IllegalStateException(what + " differs: " + actual + " != " + expected);
    }
  }

  private static long rate(long bytes, long startedNanos) {
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    return Math.round((bytes >> 20) / seconds);
  }
}
