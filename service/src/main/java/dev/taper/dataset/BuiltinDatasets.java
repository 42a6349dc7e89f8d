package dev.taper.dataset;

import dev.taper.config.TaperProperties;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Registers {@code fashion-mnist} at start-up when its files are found ({@link
 * FashionMnist#locate()}: TAPER_DATA_DIR, or /usr/share/datasets/fashion-mnist), and updates the
 * record when the files there changed. Nothing is downloaded.
 */
@Component
class BuiltinDatasets implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(BuiltinDatasets.class);

  private final DatasetRegistry registry;
  private final boolean enabled;

  BuiltinDatasets(DatasetRegistry registry, TaperProperties properties) {
    this.registry = registry;
    this.enabled =
        properties.datasets().registerBuiltin()
            && properties.role() != TaperProperties.Role.MIGRATE;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!enabled) {
      return;
    }
    Optional<Path> directory = FashionMnist.locate();
    if (directory.isEmpty()) {
      log.info(
          "fashion-mnist not registered: its files are not in TAPER_DATA_DIR or {}",
          FashionMnist.SYSTEM_DIRECTORY);
      return;
    }
    try {
      register(directory.get());
    } catch (RuntimeException e) {
      // an unreadable copy must not stop the service; uploads and other datasets still work
      log.warn("fashion-mnist found in {} but not registered", directory.get(), e);
    }
  }

  void register(Path directory) {
    String uri = DatasetRegistry.FILE + directory.toAbsolutePath();
    RawDataset raw = FashionMnist.load(directory);
    Optional<RegisteredDataset> existing = registry.find(FashionMnist.NAME);
    if (existing.isPresent()
        && existing.get().sha256().equals(raw.sha256())
        && existing.get().uri().equals(uri)) {
      return;
    }
    RegisteredDataset dataset =
        RegisteredDataset.describing(FashionMnist.NAME, DatasetFormat.IDX, uri, raw);
    try {
      registry.replace(dataset);
      log.info(
          "registered fashion-mnist from {} ({} train, {} test)",
          directory,
          raw.train().size(),
          raw.test().size());
    } catch (DataIntegrityViolationException e) {
      log.debug("another process registered fashion-mnist first", e);
    }
  }
}
