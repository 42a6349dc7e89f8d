package dev.taper.dataset;

import dev.taper.properties.TaperProperties;
import dev.taper.storage.ArtifactStore;
import dev.taper.storage.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The datasets experiments may name: the one way into the dataset records (but for their deletion,
 * {@link DatasetDeletion}), and the loader of their files through the reader classes. Built-in
 * datasets ({@code fashion-mnist}, {@code fashion-mnist-mini}) are registered on first use by
 * {@link #resolve}, unless {@code taper.datasets.register-builtin} is false.
 */
@Service
@Transactional(readOnly = true)
public class DatasetRegistry {

  private static final Logger log = LoggerFactory.getLogger(DatasetRegistry.class);

  /** Prefix of a {@link RegisteredDataset#uri()} naming a folder outside the artifact store. */
  static final String FILE = "file:";

  /** Prefix of a {@link RegisteredDataset#uri()} naming a folder in the artifact store. */
  static final String ARTIFACT = "artifact:";

  /** The built-in datasets' names, whether this process registers built-ins or not. */
  private static final Set<String> BUILTIN_NAMES = Set.of(FashionMnist.NAME, FashionMnistMini.NAME);

  /** Share of the training examples held out as the test split of an upload without one. */
  static final double HELD_OUT_TEST_FRACTION = 0.1;

  private final RegisteredDatasetRepository datasets;
  private final ArtifactStore store;
  private final Map<String, BuiltinDataset> builtins;
  private final Map<String, ReentrantLock> resolving;

  DatasetRegistry(
      RegisteredDatasetRepository datasets,
      ArtifactStore store,
      List<BuiltinDataset> builtins,
      TaperProperties properties) {
    this.datasets = datasets;
    this.store = store;
    this.builtins =
        properties.datasets().registerBuiltin()
            ? builtins.stream()
                .collect(Collectors.toUnmodifiableMap(BuiltinDataset::name, Function.identity()))
            : Map.of();
    this.resolving =
        this.builtins.keySet().stream()
            .collect(Collectors.toUnmodifiableMap(name -> name, name -> new ReentrantLock()));
  }

  public boolean exists(String name) {
    return datasets.existsByName(name);
  }

  public Optional<RegisteredDataset> find(String name) {
    return datasets.findByName(name).map(RegisteredDatasetEntity::view);
  }

  /**
   * The dataset named {@code name}: the registered one, or else a built-in one, registered now
   * after its files are found on this machine or fetched (a download of fashion-mnist may take a
   * minute or two; it is bounded by {@code taper.datasets.download-timeout}). Callers resolving the
   * same built-in at once wait for the first, so its files are fetched once. No transaction is open
   * meanwhile.
   *
   * @return empty when no dataset of that name is registered or built in
   * @throws DatasetUnavailableException when a built-in dataset's files can be neither found nor
   *     fetched, or do not read
   */
  @Transactional(propagation = Propagation.NOT_SUPPORTED)
  public Optional<RegisteredDataset> resolve(String name) {
    Optional<RegisteredDataset> registered = find(name);
    BuiltinDataset builtin = builtins.get(name);
    if (registered.isPresent() || builtin == null) {
      return registered;
    }
    ReentrantLock lock = resolving.get(name);
    lock.lock();
    try {
      registered = find(name);
      return registered.isPresent() ? registered : Optional.of(registerOnDemand(builtin));
    } finally {
      lock.unlock();
    }
  }

  private RegisteredDataset registerOnDemand(BuiltinDataset builtin) {
    RegisteredDataset dataset;
    try {
      dataset = describeBuiltin(builtin.name(), builtin.obtain());
    } catch (DatasetUnavailableException e) {
      log.warn("{}", e.report());
      throw e;
    }
    try {
      RegisteredDataset saved = datasets.saveAndFlush(new RegisteredDatasetEntity(dataset)).view();
      log.info(
          "registered {} on first use ({} train, {} test examples, from {})",
          saved.name(),
          saved.trainExamples(),
          saved.testExamples(),
          saved.uri());
      return saved;
    } catch (DataIntegrityViolationException e) {
      log.debug("another process registered {} first", dataset.name(), e);
      return find(dataset.name()).orElseThrow(() -> e);
    }
  }

  /**
   * A registration of the built-in dataset whose files are in {@code directory}.
   *
   * @throws DatasetUnavailableException when the files do not read
   */
  static RegisteredDataset describeBuiltin(String name, Path directory) {
    try {
      RawDataset raw = read(name, DatasetFormat.IDX, directory, 0);
      return RegisteredDataset.describing(
          name, DatasetFormat.IDX, FILE + directory.toAbsolutePath(), raw);
    } catch (RuntimeException e) {
      String problem = name + " found in " + directory + " does not read: " + e.getMessage();
      throw new DatasetUnavailableException(problem, problem, e);
    }
  }

  /**
   * Holds the dataset an experiment being created in the caller's transaction names: its record is
   * share-locked until that commits, so a concurrent {@link DatasetDeletion} either waits and then
   * finds the experiment, or committed first and this finds no record. A built-in dataset's name is
   * never deleted, so it needs no record here.
   *
   * @return false when the dataset, validated before, has been deleted since
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean holdForExperiment(String name) {
    return datasets.shareByName(name) > 0 || BUILTIN_NAMES.contains(name);
  }

  /** Whether {@code name} is a built-in dataset's, registered yet or not. */
  boolean isBuiltin(String name) {
    return builtins.containsKey(name);
  }

  /** The built-in datasets this process knows (none when built-ins are switched off). */
  List<BuiltinDataset> builtins() {
    return List.copyOf(builtins.values());
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
   * A built-in dataset registered by another machine, whose folder this one lacks, is read from
   * this machine's own copy (found or fetched as {@link #resolve} does), which must hold the same
   * bytes.
   *
   * @throws IllegalArgumentException when no such dataset is registered
   * @throws IllegalStateException when this machine's copy of a built-in dataset differs
   */
  @Transactional(propagation = Propagation.NOT_SUPPORTED)
  public RawDataset load(String name) {
    RegisteredDataset dataset =
        find(name).orElseThrow(() -> new IllegalArgumentException("no dataset named " + name));
    Path directory = directory(dataset.uri());
    BuiltinDataset builtin = builtins.get(name);
    if (builtin == null || Files.isDirectory(directory)) {
      return read(dataset.name(), dataset.format(), directory, dataset.classes());
    }
    Path local = builtin.obtain();
    RawDataset raw = read(name, dataset.format(), local, dataset.classes());
    if (!raw.sha256().equals(dataset.sha256())) {
      throw new IllegalStateException(
          name
              + " was registered from "
              + dataset.uri()
              + " (SHA-256 "
              + dataset.sha256()
              + "); this machine's copy in "
              + local
              + " differs (SHA-256 "
              + raw.sha256()
              + "): give every machine the same files, e.g. a shared TAPER_HOME");
    }
    return raw;
  }

  private Path directory(String uri) {
    if (uri.startsWith(FILE)) {
      return Path.of(uri.substring(FILE.length()));
    }
    if (uri.startsWith(ARTIFACT)) {
      return store.fetchDirectory(uri.substring(ARTIFACT.length()));
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
      return new RawDataset(name, raw.sha256(), raw.train(), raw.test(), raw.stored());
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
        name,
        Sha256.ofFiles(files),
        withClasses(train, k),
        withClasses(test, k),
        storedValues(format, files));
  }

  /**
   * How an upload's files store their features: unsigned bytes only when every images file does
   * (the IDX files come as images, labels, then the test split's images and labels).
   */
  private static RawDataset.StoredValues storedValues(DatasetFormat format, List<Path> files) {
    if (format == DatasetFormat.CSV) {
      return RawDataset.StoredValues.AS_STORED;
    }
    int trainType = IdxReader.dataType(files.get(0));
    int testType = files.size() == 4 ? IdxReader.dataType(files.get(2)) : trainType;
    if (testType != trainType) {
      throw new DatasetFormatException(
          files.get(2),
          2,
          "the test images are stored as "
              + IdxReader.typeName(testType)
              + " but the training images as "
              + IdxReader.typeName(trainType)
              + ": both splits must store the same type, so that they are read alike");
    }
    return trainType == IdxReader.UNSIGNED_BYTE
        ? RawDataset.StoredValues.UNSIGNED_BYTES
        : RawDataset.StoredValues.AS_STORED;
  }

  private static LabeledData readSplit(DatasetFormat format, Path first, Path second, int classes) {
    return switch (format) {
      // without a class count any label up to the upload limit is read; the count is fixed after
      case IDX ->
          IdxReader.readPair(first, second, classes > 0 ? classes : DatasetUploads.MAX_CLASSES);
      case CSV ->
          classes > 0
              ? CsvReader.read(first, classes)
              : CsvReader.readAtMost(first, DatasetUploads.MAX_CLASSES);
    };
  }

  private static LabeledData withClasses(LabeledData data, int classes) {
    return new LabeledData(data.features(), data.labels(), data.exampleShape(), classes);
  }

  static int maxLabel(LabeledData data) {
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
