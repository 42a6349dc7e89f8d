package dev.taper.dataset;

import dev.taper.properties.TaperProperties;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Registers the built-in datasets whose files are on this machine at start-up ({@code
 * fashion-mnist-mini} always; {@code fashion-mnist} when found, see {@link FashionMnistDataset}),
 * and updates a record whose files changed. Nothing is downloaded here: a start-up must not wait on
 * the network, and the first experiment naming a dataset not found registers it ({@link
 * DatasetRegistry#resolve}).
 */
@Component
class BuiltinDatasets implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(BuiltinDatasets.class);

  private final DatasetRegistry registry;
  private final boolean enabled;

  BuiltinDatasets(DatasetRegistry registry, TaperProperties properties) {
    this.registry = registry;
    this.enabled = properties.role() != TaperProperties.Role.MIGRATE;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!enabled) {
      return;
    }
    for (BuiltinDataset builtin : registry.builtins()) {
      try {
        Optional<Path> directory = builtin.findLocally();
        if (directory.isEmpty()) {
          log.info(
              "{} is not on this machine; the first experiment naming it will fetch it",
              builtin.name());
        } else {
          register(builtin.name(), directory.get());
        }
      } catch (RuntimeException e) {
        // an unreadable copy must not stop the service; uploads and other datasets still work
        log.warn("{} not registered at start-up", builtin.name(), e);
      }
    }
  }

  void register(String name, Path directory) {
    RegisteredDataset dataset = DatasetRegistry.describeBuiltin(name, directory);
    Optional<RegisteredDataset> existing = registry.find(name);
    if (existing.isPresent()
        && existing.get().sha256().equals(dataset.sha256())
        && existing.get().uri().equals(dataset.uri())) {
      return;
    }
    try {
      registry.replace(dataset);
      log.info(
          "registered {} from {} ({} train, {} test)",
          name,
          directory,
          dataset.trainExamples(),
          dataset.testExamples());
    } catch (DataIntegrityViolationException e) {
      log.debug("another process registered {} first", name, e);
    }
  }
}
