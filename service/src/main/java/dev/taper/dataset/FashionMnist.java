package dev.taper.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The built-in dataset {@code fashion-mnist}: Zalando Research's 28 x 28 grey images of 10 kinds of
 * clothing, 60000 for training and 10000 for test, as the four official IDX files.
 *
 * <p>Nothing is downloaded. {@link #locate()} finds the files, in this order, in the directory
 * named by the system property {@code taper.data.dir}, then by the environment variable {@code
 * TAPER_DATA_DIR} (the directory itself or its {@code fashion-mnist/} subfolder), then in {@code
 * /usr/share/datasets/fashion-mnist/} (Debian package {@code dataset-fashion-mnist}).
 */
public final class FashionMnist {

  public static final String NAME = "fashion-mnist";
  public static final int CLASSES = 10;
  public static final String DATA_DIR_PROPERTY = "taper.data.dir";
  public static final String DATA_DIR_ENV = "TAPER_DATA_DIR";
  public static final Path SYSTEM_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

  /** The official file names, in the order their bytes are hashed. */
  public static final List<String> FILES =
      List.of(
          "train-images-idx3-ubyte.gz",
          "train-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz");

  private FashionMnist() {}

  /** The first directory that holds all four files, if any (see the class comment). */
  public static Optional<Path> locate() {
    return locate(
        System.getProperty(DATA_DIR_PROPERTY), System.getenv(DATA_DIR_ENV), SYSTEM_DIRECTORY);
  }

  static Optional<Path> locate(String property, String env, Path systemDirectory) {
    List<Path> candidates = new ArrayList<>();
    for (String configured : new String[] {property, env}) {
      if (configured != null && !configured.isBlank()) {
        Path dir = Path.of(configured);
        candidates.add(dir);
        candidates.add(dir.resolve(NAME));
      }
    }
    candidates.add(systemDirectory);
    return candidates.stream().filter(FashionMnist::holdsAllFiles).findFirst();
  }

  /**
   * Reads the four files from the directory. Each may also be stored decompressed, under its name
   * without {@code .gz}.
   */
  public static RawDataset load(Path directory) {
    List<Path> files = FILES.stream().map(name -> file(directory, name)).toList();
    LabeledData train = IdxReader.readPair(files.get(0), files.get(1), CLASSES);
    LabeledData test = IdxReader.readPair(files.get(2), files.get(3), CLASSES);
    return new RawDataset(NAME, RawDataset.sha256Of(files), train, test);
  }

  private static boolean holdsAllFiles(Path directory) {
    return Files.isDirectory(directory)
        && FILES.stream().allMatch(name -> Files.isRegularFile(file(directory, name)));
  }

  private static Path file(Path directory, String name) {
    Path gz = directory.resolve(name);
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path plain = directory.resolve(name.substring(0, name.length() - ".gz".length()));
    return Files.isRegularFile(plain) ? plain : gz;
  }
}
