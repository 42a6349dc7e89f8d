package dev.taper.e2e;

import dev.taper.dataset.DatasetRegistry;
import dev.taper.dataset.TestDatasets;

/** Registers the committed Fashion-MNIST subset (2000 train, 500 test) as {@code fashion-mnist}. */
final class FixtureDataset {

  private FixtureDataset() {}

  static void register(DatasetRegistry registry) {
    if (registry.exists("fashion-mnist")) {
      return;
    }
    registry.register(TestDatasets.subsetRegistration("fashion-mnist"));
  }
}
