package dev.taper.worker;

import dev.taper.dataset.DatasetPreparer;
import dev.taper.dataset.DatasetRegistry;
import dev.taper.dataset.DatasetSplits;
import dev.taper.dataset.RawDataset;
import dev.taper.spec.ExperimentSpec;

/**
 * Data from the dataset registry, prepared as the spec says. The last dataset read is kept: an
 * experiment's stages usually run one after another on the same worker.
 */
class RegistryTrainingData implements TrainingData {

  private final DatasetRegistry registry;
  private RawDataset cached;
  private String cachedSha256;

  RegistryTrainingData(DatasetRegistry registry) {
    this.registry = registry;
  }

  @Override
  public DatasetSplits prepare(ExperimentSpec spec) {
    var limits = spec.limits();
    return DatasetPreparer.prepare(
        raw(spec.dataset()),
        spec.seed(),
        limits.validationFraction(),
        limits.trainExamples(),
        limits.testExamples());
  }

  @Override
  public String sha256(String dataset) {
    return registry
        .find(dataset)
        .orElseThrow(() -> new IllegalArgumentException("no dataset named " + dataset))
        .sha256();
  }

  private synchronized RawDataset raw(String dataset) {
    String sha256 = sha256(dataset);
    if (cached == null || !cached.name().equals(dataset) || !sha256.equals(cachedSha256)) {
      cached = null;
      cached = registry.load(dataset);
      cachedSha256 = sha256;
    }
    return cached;
  }
}
