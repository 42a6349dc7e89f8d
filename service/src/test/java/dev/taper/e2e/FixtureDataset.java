package dev.taper.e2e;

import dev.taper.dataset.DatasetFormat;
import dev.taper.dataset.DatasetRegistry;
import dev.taper.dataset.RawDataset;
import dev.taper.dataset.RegisteredDataset;
import dev.taper.dataset.TestDatasets;
import java.util.Arrays;
import java.util.UUID;

/** Registers the committed Fashion-MNIST subset (2000 train, 500 test) as {@code fashion-mnist}. */
final class FixtureDataset {

  private FixtureDataset() {}

  static void register(DatasetRegistry registry) {
    if (registry.exists("fashion-mnist")) {
      return;
    }
    RawDataset raw = TestDatasets.fashionMnistSubset();
    registry.register(
        new RegisteredDataset(
            UUID.randomUUID(),
            "fashion-mnist",
            DatasetFormat.IDX,
            "file:" + TestDatasets.subsetDirectory().toAbsolutePath(),
            raw.sha256(),
            Arrays.toString(raw.train().exampleShape()),
            raw.train().classes(),
            raw.train().size(),
            raw.test().size(),
            null));
  }
}
