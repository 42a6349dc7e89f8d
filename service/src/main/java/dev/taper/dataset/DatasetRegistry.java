package dev.taper.dataset;

import dev.taper.storage.ArtifactStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The datasets experiments may name: the one way into the dataset records, and the loader of their
 * files through the reader classes.
 */
@Service
@Transactional(readOnly = true)
public class DatasetRegistry {

  /** Prefix of a {@link RegisteredDataset#uri()} naming a folder outside the artifact store. */
  static final String FILE = "file:";

  /** Prefix of a {@link RegisteredDataset#uri()} naming a folder in the artifact store. */
  static final String ARTIFACT = "artifact:";

  /** Share of the training examples held out as the test split of an upload without one. */
  static final double HELD_OUT_TEST_FRACTION = 0.1;

  private final RegisteredDatasetRepository datasets;
  private final ArtifactStore store;

  DatasetRegistry(RegisteredDatasetRepository datasets, ArtifactStore store) {
    this.datasets = datasets;
    this.store = store;
  }

  public boolean exists(String name) {
    return datasets.existsByName(name);
  }

  public Optional<RegisteredDataset> find(String name) {
    return datasets.findByName(name).map(RegisteredDatasetEntity::view);
  }

  public List<RegisteredDataset> list() {
    return datasets.findAllByOrderByName().stream().map(RegisteredDatasetEntity::view).toList();
  }

  @Transactional
  public RegisteredDataset register(RegisteredDataset dataset) {
    return datasets.saveAndFlush(new RegisteredDatasetEntity(dataset)).view();
  }

  /** Replaces the record of a dataset whose files changed (a built-in dataset re-found on disk). */
  @Transactional
  public RegisteredDataset replace(RegisteredDataset dataset) {
    datasets
        .findByName(dataset.name())
        .ifPresent(
            existing -> {
              datasets.delete(existing);
              datasets.flush();
            });
    return register(dataset);
  }

  /**
   * Reads a registered dataset's files (a few seconds for Fashion-MNIST: callers keep the result).
   *
   * @throws IllegalArgumentException when no such dataset is registered
   */
  public RawDataset load(String name) {
    RegisteredDataset dataset =
        find(name).orElseThrow(() -> new IllegalArgumentException("no dataset named " + name));
    return read(dataset.name(), dataset.format(), directory(dataset.uri()), dataset.classes());
  }

  private Path directory(String uri) {
    if (uri.startsWith(FILE)) {
      return Path.of(uri.substring(FILE.length()));
    }
    if (uri.startsWith(ARTIFACT)) {
      return store.directory(uri.substring(ARTIFACT.length()));
    }
    throw new IllegalStateException("unknown dataset location " + uri);
  }

  /**
   * Reads a dataset folder: the four official Fashion-MNIST files, or an upload's files as {@link
   * DatasetUploads} names them. {@code classes} of 0 means "largest label plus one".
   */
  static RawDataset read(String name, DatasetFormat format, Path directory, int classes) {
    if (FashionMnist.FILES.stream()
        .allMatch(
            f ->
                Files.isRegularFile(directory.resolve(f))
                    || Files.isRegularFile(directory.resolve(f.replace(".gz", ""))))) {
      RawDataset raw = FashionMnist.load(directory);
      return new RawDataset(name, raw.sha256(), raw.train(), raw.test());
    }
    List<Path> files = DatasetUploads.files(format, directory);
    LabeledData train =
        readSplit(format, files.get(0), files.size() > 1 ? files.get(1) : null, classes);
    LabeledData test;
    boolean hasTest = format == DatasetFormat.IDX ? files.size() == 4 : files.size() == 2;
    if (hasTest) {
      Path first = format == DatasetFormat.IDX ? files.get(2) : files.get(1);
      Path second = format == DatasetFormat.IDX ? files.get(3) : null;
      test = readSplit(format, first, second, classes);
    } else {
      int held = Math.max(1, (int) Math.round(train.size() * HELD_OUT_TEST_FRACTION));
      int kept = train.size() - held;
      if (kept < 1) {
        throw new IllegalArgumentException("too few examples to hold out a test split");
      }
      test = train.select(range(kept, train.size()));
      train = train.head(kept);
    }
    int k = classes > 0 ? classes : Math.max(maxLabel(train), maxLabel(test)) + 1;
    return new RawDataset(
        name, RawDataset.sha256Of(files), withClasses(train, k), withClasses(test, k));
  }

  private static LabeledData readSplit(DatasetFormat format, Path first, Path second, int classes) {
    return switch (format) {
      // IDX labels are bytes: 256 admits every label; the real count is fixed afterwards
      case IDX -> IdxReader.readPair(first, second, classes > 0 ? classes : 256);
      case CSV -> classes > 0 ? CsvReader.read(first, classes) : CsvReader.read(first);
    };
  }

  private static LabeledData withClasses(LabeledData data, int classes) {
    return new LabeledData(data.features(), data.labels(), data.exampleShape(), classes);
  }

  private static int maxLabel(LabeledData data) {
    return Arrays.stream(data.labels()).max().orElse(0);
  }

  private static int[] range(int from, int to) {
    int[] positions = new int[to - from];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = from + i;
    }
    return positions;
  }
}
