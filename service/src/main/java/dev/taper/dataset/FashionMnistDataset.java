package dev.taper.dataset;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in {@code fashion-mnist} on this machine. Its four files are looked for, in order, in
 * {@code -Dtaper.data.dir}, in {@code TAPER_DATA_DIR} (each the folder itself or its {@code
 * fashion-mnist/} subfolder), in the Debian package's folder, and in the download folder ({@code
 * TAPER_HOME/datasets/fashion-mnist}). When none holds them and downloads are allowed, the files
 * the download folder lacks are downloaded into it from the mirror, each checked against its
 * SHA-256. One download at a time: a second caller waits and then finds the files.
 */
final class FashionMnistDataset implements BuiltinDataset {

  private static final Logger log = LoggerFactory.getLogger(FashionMnistDataset.class);

  /**
   * Where the files may already be.
   *
   * @param propertyDirectory the system property {@code taper.data.dir}, or null
   * @param environmentDirectory the environment variable {@code TAPER_DATA_DIR}, or null
   * @param systemDirectory the Debian package's folder
   * @param downloadDirectory where downloads go (and earlier ones are found)
   */
  record Locations(
      String propertyDirectory,
      String environmentDirectory,
      Path systemDirectory,
      Path downloadDirectory) {}

  /**
   * Where and how the files may be downloaded from.
   *
   * @param enabled false: never download
   * @param base the folder URL the four file names are resolved against
   * @param timeout the longest all missing files together may take
   * @param sha256 for each file name, the SHA-256s it may have
   */
  record Mirror(boolean enabled, URI base, Duration timeout, Map<String, Set<String>> sha256) {

    URI fileUri(String file) {
      String folder = base.toString();
      return URI.create(folder.endsWith("/") ? folder + file : folder + "/" + file);
    }
  }

  private final Locations locations;
  private final Mirror mirror;
  private final Downloader downloader;
  private final ReentrantLock downloading = new ReentrantLock();

  FashionMnistDataset(Locations locations, Mirror mirror, Downloader downloader) {
    this.locations = locations;
    this.mirror = mirror;
    this.downloader = downloader;
  }

  @Override
  public String name() {
    return FashionMnist.NAME;
  }

  @Override
  public Optional<Path> findLocally() {
    return FashionMnist.locate(
            locations.propertyDirectory(),
            locations.environmentDirectory(),
            locations.systemDirectory())
        .or(() -> Optional.of(locations.downloadDirectory()).filter(FashionMnist::holdsAllFiles));
  }

  @Override
  public Path obtain() {
    downloading.lock();
    try {
      Optional<Path> local = findLocally();
      if (local.isPresent()) {
        return local.get();
      }
      List<String> looked = lookedIn();
      if (!mirror.enabled()) {
        throw unavailable(
            looked,
            new Failure(
                "download: disabled (taper.datasets.download=false)",
                "downloads are disabled",
                "allow downloads (TAPER_DATASETS_DOWNLOAD=true)",
                null));
      }
      try {
        return download();
      } catch (DownloadException e) {
        throw unavailable(
            looked,
            new Failure(
                "download from " + mirror.base() + ": " + e.getMessage(),
                "its download failed (" + e.getMessage() + ")",
                "check the network (or TAPER_DATASETS_MIRROR)",
                e));
      }
    } finally {
      downloading.unlock();
    }
  }

  /**
   * Why the last resort, a download, gave nothing.
   *
   * @param place the report's line for it
   * @param why the summary's words for it
   * @param fix what to do about it
   */
  private record Failure(String place, String why, String fix, Throwable cause) {}

  private Path download() throws DownloadException {
    Path directory = locations.downloadDirectory();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new DownloadException("cannot create " + directory + ": " + e.getMessage(), e);
    }
    List<String> missing = FashionMnist.missingFiles(directory);
    log.info(
        "fashion-mnist is not on this machine: downloading {} into {} (at most {})",
        missing,
        directory,
        mirror.timeout());
    Instant deadline = Instant.now().plus(mirror.timeout());
    for (String file : missing) {
      downloader.download(
          mirror.fileUri(file), directory.resolve(file), mirror.sha256().get(file), deadline);
    }
    log.info("fashion-mnist downloaded into {}", directory);
    return directory;
  }

  /** Each place looked in, what it held and how to fix it, in order, one line each. */
  private List<String> lookedIn() {
    List<String> lines = new ArrayList<>();
    if (isSet(locations.propertyDirectory())) {
      lines.add(
          configured("-D" + FashionMnist.DATA_DIR_PROPERTY, locations.propertyDirectory())
              + " -> put the four files there, or leave the property out");
    }
    if (isSet(locations.environmentDirectory())) {
      lines.add(
          configured(FashionMnist.DATA_DIR_ENV, locations.environmentDirectory())
              + " -> put the four files there");
    } else {
      lines.add(
          FashionMnist.DATA_DIR_ENV
              + ": not set -> set it to a folder holding "
              + String.join(", ", FashionMnist.FILES));
    }
    lines.add(
        locations.systemDirectory()
            + ": "
            + holding(locations.systemDirectory())
            + " -> apt-get install dataset-fashion-mnist (Debian, Ubuntu)");
    lines.add(
        locations.downloadDirectory()
            + " (earlier downloads): "
            + holding(locations.downloadDirectory()));
    return lines;
  }

  private static String configured(String setting, String value) {
    Path directory = Path.of(value);
    Path subfolder = directory.resolve(FashionMnist.NAME);
    return setting
        + "="
        + value
        + ": "
        + holding(directory)
        + "; "
        + subfolder
        + ": "
        + holding(subfolder);
  }

  private static String holding(Path directory) {
    if (!Files.isDirectory(directory)) {
      return "no such folder";
    }
    return "lacks " + String.join(", ", FashionMnist.missingFiles(directory));
  }

  private DatasetUnavailableException unavailable(List<String> looked, Failure failure) {
    List<String> lines = new ArrayList<>(looked);
    lines.add(failure.place() + " -> " + failure.fix());
    StringBuilder report =
        new StringBuilder("dataset 'fashion-mnist' is not available. Looked, in order:");
    for (int i = 0; i < lines.size(); i++) {
      report.append("\n  ").append(i + 1).append(". ").append(lines.get(i));
    }
    report.append(
        "\nOr name the built-in dataset '"
            + FashionMnistMini.NAME
            + "' (2000 training and 500 test examples of Fashion-MNIST, always available).");
    String summary =
        "fashion-mnist is not on this machine and "
            + failure.why()
            + ": set "
            + FashionMnist.DATA_DIR_ENV
            + ", apt-get install dataset-fashion-mnist, "
            + failure.fix()
            + ", or use "
            + FashionMnistMini.NAME
            + "; the server log lists every place looked";
    return new DatasetUnavailableException(summary, report.toString(), failure.cause());
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
