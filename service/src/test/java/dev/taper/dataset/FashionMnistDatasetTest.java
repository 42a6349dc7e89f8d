package dev.taper.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code fashion-mnist} is found, in order, and its download from a local mirror serving the
 * committed subset under the official names (so the checksums given are the subset's).
 */
class FashionMnistDatasetTest {

  /** The subset's SHA-256s, standing in for the published ones. */
  static final Map<String, Set<String>> SUBSET_SHA256 =
      FashionMnist.FILES.stream()
          .collect(Collectors.toMap(name -> name, name -> Set.of(DownloaderTest.sha256(name))));

  @TempDir Path dir;
  final MirrorServer mirror = MirrorServer.start().serveSubset();

  @AfterEach
  void stop() {
    mirror.close();
  }

  @Test
  void theDataDirComesFirstThenTheDebianFolderThenEarlierDownloads() throws IOException {
    Path property = copySubsetTo(dir.resolve("property"));
    Path environment = copySubsetTo(dir.resolve("environment/fashion-mnist"));
    Path system = copySubsetTo(dir.resolve("system"));
    Path downloads = copySubsetTo(dir.resolve("downloads"));
    String env = environment.getParent().toString();

    assertThat(dataset(property.toString(), env, system, downloads).findLocally())
        .contains(property);
    assertThat(dataset(null, env, system, downloads).findLocally()).contains(environment);
    assertThat(dataset(null, null, system, downloads).findLocally()).contains(system);
    assertThat(dataset(null, null, absent(), downloads).findLocally()).contains(downloads);
    assertThat(dataset(null, null, absent(), absent()).findLocally()).isEmpty();
    // found locally: nothing is downloaded
    assertThat(dataset(null, null, system, downloads).obtain()).isEqualTo(system);
    assertThat(mirror.totalRequests()).isZero();
  }

  @Test
  void whenNothingIsLocalTheFilesAreDownloadedOnceIntoTheDownloadFolder() throws IOException {
    Path downloads = dir.resolve("home/datasets/fashion-mnist");
    FashionMnistDataset dataset = dataset(null, null, absent(), downloads);

    assertThat(dataset.obtain()).isEqualTo(downloads);
    for (String file : FashionMnist.FILES) {
      assertThat(downloads.resolve(file)).hasSameBinaryContentAs(subset(file));
      assertThat(mirror.requests(file)).isOne();
    }
    try (var listing = Files.list(downloads)) {
      assertThat(listing).hasSize(4);
    }
    assertThat(dataset.obtain()).isEqualTo(downloads);
    assertThat(mirror.totalRequests()).isEqualTo(4);
    assertThat(FashionMnist.load(downloads).sha256())
        .isEqualTo(TestDatasets.fashionMnistSubset().sha256());
  }

  @Test
  void onlyTheFilesAnEarlierDownloadLacksAreFetched() throws IOException {
    Path downloads = Files.createDirectories(dir.resolve("downloads"));
    Files.copy(subset(FashionMnist.FILES.get(0)), downloads.resolve(FashionMnist.FILES.get(0)));

    dataset(null, null, absent(), downloads).obtain();

    assertThat(mirror.requests(FashionMnist.FILES.get(0))).isZero();
    assertThat(mirror.totalRequests()).isEqualTo(3);
  }

  @Test
  void aFileWithTheWrongChecksumIsRejectedDeletedAndNamed() {
    Path downloads = dir.resolve("downloads");
    FashionMnistDataset dataset =
        new FashionMnistDataset(
            locations(null, null, absent(), downloads),
            new FashionMnistDataset.Mirror(
                true, mirror.base(), Duration.ofMinutes(1), FashionMnist.ACCEPTED_SHA256),
            Downloader.withDefaultTimeouts());

    assertThatThrownBy(dataset::obtain)
        .isInstanceOf(DatasetUnavailableException.class)
        .hasMessageContaining(
            "its download failed (train-images-idx3-ubyte.gz: its SHA-256 is "
                + DownloaderTest.sha256("train-images-idx3-ubyte.gz")
                + ", not the published "
                + FashionMnist.OFFICIAL_SHA256.get("train-images-idx3-ubyte.gz"));
    assertThat(downloads).isEmptyDirectory();
  }

  @Test
  void aTruncatedDownloadLeavesNothingBehind() {
    mirror.mode(MirrorServer.Mode.TRUNCATE);
    Path downloads = dir.resolve("downloads");

    assertThatThrownBy(() -> dataset(null, null, absent(), downloads).obtain())
        .isInstanceOf(DatasetUnavailableException.class)
        .hasMessageContaining("its download failed (train-images-idx3-ubyte.gz: ");
    assertThat(downloads).isEmptyDirectory();
  }

  @Test
  void withDownloadsDisabledNothingIsFetchedAndTheErrorSaysHowToAllowThem() {
    FashionMnistDataset dataset =
        new FashionMnistDataset(
            locations(null, null, absent(), dir.resolve("downloads")),
            new FashionMnistDataset.Mirror(false, mirror.base(), Duration.ofMinutes(1), Map.of()),
            Downloader.withDefaultTimeouts());

    assertThatThrownBy(dataset::obtain)
        .isInstanceOf(DatasetUnavailableException.class)
        .hasMessage(
            "fashion-mnist is not on this machine and downloads are disabled: set"
                + " TAPER_DATA_DIR, apt-get install"
                + " dataset-fashion-mnist, allow downloads (TAPER_DATASETS_DOWNLOAD=true), or"
                + " use fashion-mnist-mini; the server log lists every place looked");
    assertThat(mirror.totalRequests()).isZero();
  }

  @Test
  void whenEverythingFailsTheReportNamesEveryPlaceAndHowToFixEach() throws Exception {
    Path property = Files.createDirectories(dir.resolve("property"));
    Path environment = dir.resolve("nowhere");
    Path system = absent();
    Path downloads = dir.resolve("downloads");
    URI unreachable = DownloaderTest.closedPort();
    FashionMnistDataset dataset =
        new FashionMnistDataset(
            locations(property.toString(), environment.toString(), system, downloads),
            new FashionMnistDataset.Mirror(true, unreachable, Duration.ofMinutes(1), SUBSET_SHA256),
            Downloader.withDefaultTimeouts());

    DatasetUnavailableException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            DatasetUnavailableException.class, dataset::obtain);

    String files = String.join(", ", FashionMnist.FILES);
    assertThat(e.getMessage())
        .startsWith(
            "fashion-mnist is not on this machine and its download failed"
                + " (train-images-idx3-ubyte.gz: cannot connect (")
        .endsWith(
            "): set TAPER_DATA_DIR, apt-get install dataset-fashion-mnist, check the network (or"
                + " TAPER_DATASETS_MIRROR), or use fashion-mnist-mini; the server log lists every"
                + " place looked");
    assertThat(e.report().lines().toList())
        .containsExactly(
            "dataset 'fashion-mnist' is not available. Looked, in order:",
            "  1. -Dtaper.data.dir="
                + property
                + ": lacks "
                + files
                + "; "
                + property.resolve("fashion-mnist")
                + ": no such folder -> put the four files there, or leave the property out",
            "  2. TAPER_DATA_DIR="
                + environment
                + ": no such folder; "
                + environment.resolve("fashion-mnist")
                + ": no such folder -> put the four files there",
            "  3. "
                + system
                + ": no such folder -> apt-get install dataset-fashion-mnist (Debian, Ubuntu)",
            "  4. " + downloads + " (earlier downloads): no such folder",
            "  5. download from "
                + unreachable
                + ": train-images-idx3-ubyte.gz: cannot connect ("
                + e.getCause().getCause().getMessage()
                + ") ("
                + unreachable.resolve("train-images-idx3-ubyte.gz")
                + ") -> check the network (or TAPER_DATASETS_MIRROR)",
            "Or name the built-in dataset 'fashion-mnist-mini' (2000 training and 500 test"
                + " examples of Fashion-MNIST, always available).");
    assertThat(dataset(null, null, system, downloads).findLocally()).isEmpty();
  }

  @Test
  void anUnsetDataDirIsReportedWithWhatToPutThere() {
    mirror.mode(MirrorServer.Mode.FAIL_503);

    assertThatThrownBy(() -> dataset(null, " ", absent(), dir.resolve("d")).obtain())
        .isInstanceOfSatisfying(
            DatasetUnavailableException.class,
            e ->
                assertThat(e.report())
                    .contains(
                        "  1. TAPER_DATA_DIR: not set -> set it to a folder holding"
                            + " train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,"
                            + " t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz")
                    .contains("HTTP 503 Service Unavailable"));
  }

  @Test
  void concurrentCallersDownloadOnce() throws Exception {
    Path downloads = dir.resolve("downloads");
    FashionMnistDataset dataset = dataset(null, null, absent(), downloads);
    mirror.hold();

    CompletableFuture<Path> first = CompletableFuture.supplyAsync(dataset::obtain);
    await().atMost(Duration.ofSeconds(30)).until(() -> mirror.totalRequests() == 1);
    CompletableFuture<Path> second = new CompletableFuture<>();
    Thread secondCaller =
        new Thread(
            () -> {
              try {
                second.complete(dataset.obtain());
              } catch (RuntimeException e) {
                second.completeExceptionally(e);
              }
            });
    secondCaller.start();
    // the second caller waits for the first one's download instead of starting its own
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> secondCaller.getState() == Thread.State.WAITING);
    mirror.release();

    assertThat(first.get()).isEqualTo(downloads);
    assertThat(second.get()).isEqualTo(downloads);
    for (String file : FashionMnist.FILES) {
      assertThat(mirror.requests(file)).as(file).isOne();
    }
  }

  private FashionMnistDataset dataset(
      String property, String environment, Path system, Path downloads) {
    return new FashionMnistDataset(
        locations(property, environment, system, downloads),
        new FashionMnistDataset.Mirror(true, mirror.base(), Duration.ofMinutes(1), SUBSET_SHA256),
        Downloader.withDefaultTimeouts());
  }

  private static FashionMnistDataset.Locations locations(
      String property, String environment, Path system, Path downloads) {
    return new FashionMnistDataset.Locations(property, environment, system, downloads);
  }

  private Path absent() {
    return dir.resolve("absent");
  }

  static Path subset(String file) {
    return TestDatasets.subsetDirectory().resolve(file);
  }

  static Path copySubsetTo(Path target) throws IOException {
    Files.createDirectories(target);
    for (String name : FashionMnist.FILES) {
      Files.copy(subset(name), target.resolve(name));
    }
    return target;
  }
}
