package dev.taper.dataset;

import dev.taper.config.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * Base of the dataset tests against the whole service over HTTP (API and worker in one JVM), with
 * the built-in datasets on, on a database of its own. Its {@code fashion-mnist} is not on this
 * machine (no data dir, no Debian folder) and downloads from {@link #MIRROR}, a local server
 * serving the committed subset under the official names, checked against the subset's SHA-256s.
 * Uploads are limited to 1 MB so the size limit is cheap to test.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "taper.role=all",
      "taper.datasets.max-upload-size=1MB",
      "taper.worker.heartbeat-interval=500ms",
      "taper.worker.poll-interval=1s",
      "taper.worker.checkpoint-interval=5s",
      "taper.worker.lease=15s",
      "taper.worker.reclaim-interval=2s",
      "taper.worker.drain-timeout=2s"
    })
public abstract class DatasetServiceTest {

  static final String DATABASE = "taper_datasets";
  static final MirrorServer MIRROR = MirrorServer.start().serveSubset();

  @TestBean FashionMnistDataset fashionMnistDataset;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, DATABASE);
    registry.add("taper.datasets.register-builtin", () -> "true");
  }

  static FashionMnistDataset fashionMnistDataset() {
    return new FashionMnistDataset(
        new FashionMnistDataset.Locations(
            null, null, home().resolve("no-debian-package"), downloadDirectory()),
        new FashionMnistDataset.Mirror(
            true, MIRROR.base(), Duration.ofMinutes(1), FashionMnistDatasetTest.SUBSET_SHA256),
        Downloader.withDefaultTimeouts());
  }

  static Path home() {
    return TestDatabase.home().resolve(DATABASE);
  }

  static Path downloadDirectory() {
    return home().resolve("datasets/fashion-mnist");
  }
}
