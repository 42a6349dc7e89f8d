package dev.taper.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 store's local copies when caches share one folder, as containers mounting one volume do: a
 * second cache (in this process or another) waits for the first's copy and serves it instead of
 * replacing it.
 */
class S3DirectoryCacheTest {

  private static final String KEY = "models/shared";
  private static final Map<String, String> FILES =
      Map.of("model-0000.params", "weights", "architecture.json", "{\"family\": \"mlp\"}");

  @TempDir Path folder;

  @Test
  void aSecondCacheOnTheSameFolderWaitsForTheFirstCopyAndServesIt() throws Exception {
    CountDownLatch firstDownloading = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    AtomicInteger opened = new AtomicInteger();
    S3DirectoryCache.Source source =
        storedFiles(
            () -> {
              if (opened.incrementAndGet() == 1) {
                firstDownloading.countDown();
                await(releaseFirst);
              }
            });
    Path root = folder.resolve("cache");
    Path temp = Files.createDirectories(folder.resolve("tmp"));
    S3DirectoryCache first = new S3DirectoryCache(source, root, temp);
    S3DirectoryCache second = new S3DirectoryCache(source, root, temp);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Path> firstCopy = pool.submit(() -> first.fetch(KEY));
      assertThat(firstDownloading.await(10, TimeUnit.SECONDS)).isTrue();
      FutureTask<Path> secondCopy = new FutureTask<>(() -> second.fetch(KEY));
      Thread secondThread = new Thread(secondCopy, "second-cache");
      secondThread.start();
      awaitBlocked(secondThread);
      assertThat(secondCopy).as("the second waits for the copy being made").isNotDone();
      releaseFirst.countDown();

      Path copy = firstCopy.get(10, TimeUnit.SECONDS);
      assertThat(secondCopy.get(10, TimeUnit.SECONDS)).isEqualTo(copy);
      assertThat(opened).as("each file downloaded once").hasValue(FILES.size());
      for (Map.Entry<String, String> file : FILES.entrySet()) {
        assertThat(copy.resolve(file.getKey())).hasContent(file.getValue());
      }
    } finally {
      releaseFirst.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void aCopyWhoseLockAnotherProcessHoldsIsWaitedFor() throws Exception {
    S3DirectoryCache.Source source = storedFiles(() -> {});
    Path root = folder.resolve("cache");
    S3DirectoryCache cache =
        new S3DirectoryCache(source, root, Files.createDirectories(folder.resolve("tmp")));
    Path lock = S3DirectoryCache.lockFile(root.toAbsolutePath().normalize().resolve(KEY));
    Files.createDirectories(lock.getParent());
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                lock.toString())
            .redirectErrorStream(true)
            .start();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      BufferedReader said = holder.inputReader();
      assertThat(said.readLine()).as("the other process holds the lock").isEqualTo("locked");
      Future<Path> copy = pool.submit(() -> cache.fetch(KEY));
      // A thread waiting in FileChannel.lock() is RUNNABLE in native code, so there is no state to
      // wait for: the check is that the fetch does not finish within half a second while the other
      // process holds the lock (without the lock it finishes in milliseconds); the fetch after the
      // release below waits on the result itself.
      Thread.sleep(500);
      assertThat(copy).as("waits while the other process holds the lock").isNotDone();

      holder.getOutputStream().close();
      Path fetched = copy.get(20, TimeUnit.SECONDS);
      for (Map.Entry<String, String> file : FILES.entrySet()) {
        assertThat(fetched.resolve(file.getKey())).hasContent(file.getValue());
      }
      assertThat(holder.waitFor(20, TimeUnit.SECONDS)).isTrue();
    } finally {
      holder.destroyForcibly();
      pool.shutdownNow();
    }
  }

  @Test
  void evictingAKeyNeverCopiedHereLeavesNoLockFile() {
    Path root = folder.resolve("cache");
    S3DirectoryCache cache = new S3DirectoryCache(null, root, folder);
    cache.evict("checkpoints/job-7.ckpt");
    assertThat(root.resolve("checkpoints")).doesNotExist();
  }

  /** A stored directory holding {@link #FILES}; {@code beforeOpening} runs as each is opened. */
  private S3DirectoryCache.Source storedFiles(Runnable beforeOpening) throws IOException {
    Path stored = Files.createDirectories(folder.resolve("stored"));
    for (Map.Entry<String, String> file : FILES.entrySet()) {
      Files.writeString(stored.resolve(file.getKey()), file.getValue());
    }
    Manifest manifest = Manifest.of(stored);
    return new S3DirectoryCache.Source() {
      @Override
      public Optional<Manifest> list(String key) {
        return Optional.of(manifest);
      }

      @Override
      public InputStream open(String key, String file) throws IOException {
        beforeOpening.run();
        return Files.newInputStream(stored.resolve(file));
      }
    };
  }

  /** Another process holding a copy's lock until its standard input closes. */
  public static final class LockHolder {
    public static void main(String[] args) throws IOException {
      try (FileChannel channel =
              FileChannel.open(
                  Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock held = channel.lock()) {
        System.out.println("locked");
        System.out.flush();
        while (System.in.read() >= 0) {
          // holds the lock until the test closes this process's input
        }
      }
    }
  }

  /** Waits until the thread is blocked on a monitor (the cache's, here), for at most 10 s. */
  private static void awaitBlocked(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.getState() != Thread.State.BLOCKED) {
      assertThat(System.nanoTime()).as("%s blocked in time", thread.getName()).isLessThan(deadline);
      assertThat(thread.isAlive()).as("%s still running", thread.getName()).isTrue();
      Thread.onSpinWait();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new UncheckedIOException(new IOException("the test never released the download"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
