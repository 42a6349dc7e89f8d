package dev.taper.dataset;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Real data for tests. The subset is the first 2000 training and 500 test examples of
 * Fashion-MNIST: the files of the built-in dataset {@code fashion-mnist-mini}, under {@code
 * src/main/resources/datasets/fashion-mnist-mini/} (see its README for provenance).
 */
public final class TestDatasets {

  public static final String SUBSET_RESOURCE = FashionMnistMini.RESOURCE;
  public static final double FIXTURE_VALIDATION_FRACTION = 0.1;

  /** Why a full-data test cannot run, for {@link dev.taper.CiAssumptions}. */
  public static final String FULL_FASHION_MNIST_MISSING =
      "full Fashion-MNIST not found in taper.data.dir, TAPER_DATA_DIR or "
          + FashionMnist.SYSTEM_DIRECTORY
          + " (apt-get install dataset-fashion-mnist)";

  private TestDatasets() {}

  /** The committed subset, read once per JVM. Treat its arrays as read-only. */
  public static RawDataset fashionMnistSubset() {
    return Subset.DATA;
  }

  /** The subset prepared with {@code seed}: 1800 train, 200 validation, 500 test, standardised. */
  public static DatasetSplits fixtureSplits(long seed) {
    return DatasetPreparer.prepare(
        fashionMnistSubset(), seed, FIXTURE_VALIDATION_FRACTION, null, null);
  }

  /**
   * The full Fashion-MNIST (60000 + 10000) where {@link FashionMnist#locate()} finds it (on Debian:
   * package {@code dataset-fashion-mnist}), else empty. Reads the files on every call (about a
   * second): keep the result rather than calling it again.
   */
  public static Optional<RawDataset> fullFashionMnist() {
    return FashionMnist.locate().map(FashionMnist::load);
  }

  /** The subset as a dataset registered under {@code name}, its files read where they lie. */
  public static RegisteredDataset subsetRegistration(String name) {
    return RegisteredDataset.describing(
        name,
        DatasetFormat.IDX,
        "file:" + subsetDirectory().toAbsolutePath(),
        fashionMnistSubset());
  }

  /** The folder holding the subset's four files. */
  public static Path subsetDirectory() {
    URL url = TestDatasets.class.getResource(SUBSET_RESOURCE);
    if (url == null) {
      throw new IllegalStateException("test resource " + SUBSET_RESOURCE + " is missing");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  // holder idiom: loaded on first use, thread-safe, once
  private static final class Subset {
    static final RawDataset DATA = FashionMnist.load(subsetDirectory());
  }
}
