package dev.taper.dataset;

import dev.taper.storage.Sha256;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The built-in dataset {@code fashion-mnist}: Zalando Research's 28 x 28 grey images of 10 kinds of
 * clothing, 60000 for training and 10000 for test, as the four official IDX files.
 *
 * <p>{@link #locate()} finds the files, in this order, in the directory named by the system
 * property {@code taper.data.dir}, then by the environment variable {@code TAPER_DATA_DIR} (the
 * directory itself or its {@code fashion-mnist/} subfolder), then in {@code
 * /usr/share/datasets/fashion-mnist/} (Debian package {@code dataset-fashion-mnist}). It downloads
 * nothing; the service's {@link FashionMnistDataset} adds a download from {@link #MIRROR}, checked
 * against {@link #ACCEPTED_SHA256}.
 */
public final class FashionMnist {

  public static final String NAME = "fashion-mnist";
  public static final int CLASSES = 10;

  /** Zalando Research's names for labels 0..9, in label order. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  public static final String DATA_DIR_PROPERTY = "taper.data.dir";
  public static final String DATA_DIR_ENV = "TAPER_DATA_DIR";
  public static final Path SYSTEM_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

  /** Where Zalando Research publishes the four files. */
  public static final URI MIRROR =
      URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

  /** The official file names, in the order their bytes are hashed. */
  public static final List<String> FILES =
      List.of(
          "train-images-idx3-ubyte.gz",
          "train-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz");

  /**
   * SHA-256 of each file as Zalando Research publishes it. These bytes have the MD5s of Zalando's
   * README (8d4fb7e6..., 25c81989..., bef4ecab..., bb300cfd...); docs/datasets.md says how they
   * were checked.
   */
  public static final Map<String, String> OFFICIAL_SHA256 =
      Map.of(
          "train-images-idx3-ubyte.gz",
          "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
          "train-labels-idx1-ubyte.gz",
          "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
          "t10k-images-idx3-ubyte.gz",
          "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
          "t10k-labels-idx1-ubyte.gz",
          "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5");

  /**
   * SHA-256 of each file as Debian's {@code dataset-fashion-mnist} ships it: the same compressed
   * data as Zalando's, behind a gzip header without the original file name and with another time
   * stamp. A mirror filled from the Debian package serves these.
   */
  public static final Map<String, String> DEBIAN_SHA256 =
      Map.of(
          "train-images-idx3-ubyte.gz",
          "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
          "train-labels-idx1-ubyte.gz",
          "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
          "t10k-images-idx3-ubyte.gz",
          "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
          "t10k-labels-idx1-ubyte.gz",
          "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05");

  /** The SHA-256s a downloaded file may have: Zalando's bytes or Debian's. */
  public static final Map<String, Set<String>> ACCEPTED_SHA256 =
      FILES.stream()
          .collect(
              Collectors.toUnmodifiableMap(
                  name -> name,
                  name -> Set.of(OFFICIAL_SHA256.get(name), DEBIAN_SHA256.get(name))));

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
    return new RawDataset(
        NAME, Sha256.ofFiles(files), train, test, RawDataset.StoredValues.UNSIGNED_BYTES);
  }

  static boolean holdsAllFiles(Path directory) {
    return Files.isDirectory(directory) && missingFiles(directory).isEmpty();
  }

  /** The official files the directory lacks (a file may also be there decompressed). */
  static List<String> missingFiles(Path directory) {
    return FILES.stream().filter(name -> !Files.isRegularFile(file(directory, name))).toList();
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
