package dev.taper.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taper.storage.Sha256;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class DownloaderTest {

  static final String FILE = "train-labels-idx1-ubyte.gz";

  @TempDir Path dir;
  final MirrorServer mirror = MirrorServer.start().serveSubset();
  final Downloader downloader =
      new Downloader(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO);

  @AfterEach
  void stop() {
    mirror.close();
  }

  @Test
  void aVerifiedDownloadIsRenamedIntoPlaceWithProgressInTheLog(CapturedOutput log)
      throws Exception {
    String file = "train-images-idx3-ubyte.gz";
    Path target = dir.resolve(file);

    downloader.download(source(file), target, Set.of(sha256(file)), later());

    assertThat(target).hasBinaryContent(subset(file));
    assertThat(files()).containsExactly(target);
    assertThat(log.getOut())
        .contains("downloading " + source(file) + " (0.9 MB)")
        .containsPattern("downloading " + file + ": \\d+% \\(0\\.\\d of 0\\.9 MB\\)")
        .contains("downloaded " + file + " (0.9 MB in 0 s), SHA-256 verified");
  }

  @Test
  void aWrongChecksumIsRefusedAndNothingIsLeft() throws Exception {
    Path target = dir.resolve(FILE);
    String expected = "0".repeat(64);

    assertThatThrownBy(() -> downloader.download(source(FILE), target, Set.of(expected), later()))
        .isInstanceOf(DownloadException.class)
        .hasMessage(
            FILE
                + ": its SHA-256 is "
                + sha256(FILE)
                + ", not the published "
                + expected
                + "; the file was discarded");
    assertThat(files()).isEmpty();
  }

  @Test
  void aConnectionClosedEarlyIsRefused() throws Exception {
    mirror.mode(MirrorServer.Mode.TRUNCATE);

    assertThatThrownBy(() -> download(FILE))
        .isInstanceOf(DownloadException.class)
        .hasMessageStartingWith(FILE + ": ")
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .containsAnyOf(
                        "the connection closed after "
                            + subset(FILE).length / 2
                            + " of "
                            + subset(FILE).length
                            + " bytes",
                        "Premature EOF"));
    assertThat(files()).isEmpty();
  }

  @Test
  void anErrorStatusIsRefused() {
    mirror.mode(MirrorServer.Mode.FAIL_503);

    assertThatThrownBy(() -> download(FILE))
        .hasMessage(FILE + ": HTTP 503 Service Unavailable from " + source(FILE));
    assertThat(files()).isEmpty();
  }

  @Test
  void aMissingFileIsRefused() {
    assertThatThrownBy(() -> download("no-such-file.gz"))
        .hasMessage("no-such-file.gz: HTTP 404 Not Found from " + source("no-such-file.gz"));
  }

  @Test
  void anUnreachableServerIsRefused() throws Exception {
    URI closed = closedPort();

    assertThatThrownBy(
            () ->
                downloader.download(
                    closed.resolve(FILE), dir.resolve(FILE), Set.of(sha256(FILE)), later()))
        .isInstanceOf(DownloadException.class)
        .hasMessageStartingWith(FILE + ": cannot connect (")
        .hasMessageEndingWith("(" + closed.resolve(FILE) + ")");
    assertThat(files()).isEmpty();
  }

  @Test
  void aStalledTransferTimesOut() {
    mirror.mode(MirrorServer.Mode.STALL);
    Downloader impatient =
        new Downloader(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(5));

    assertThatThrownBy(
            () ->
                impatient.download(source(FILE), dir.resolve(FILE), Set.of(sha256(FILE)), later()))
        .hasMessageStartingWith(FILE + ": timed out (Read timed out)");
    assertThat(files()).isEmpty();
  }

  @Test
  void aTransferPastItsDeadlineIsAbandoned() {
    assertThatThrownBy(
            () ->
                downloader.download(
                    source(FILE), dir.resolve(FILE), Set.of(sha256(FILE)), Instant.now()))
        .hasMessageStartingWith(FILE + ": not finished by the deadline (");
    assertThat(files()).isEmpty();
  }

  @Test
  void onlyHttpAddressesAreFetched() {
    URI local = dir.resolve(FILE).toUri();

    assertThatThrownBy(
            () -> downloader.download(local, dir.resolve("x"), Set.of(sha256(FILE)), later()))
        .hasMessage("x: " + local + " is not an http or https address");
  }

  private void download(String file) throws Exception {
    downloader.download(source(file), dir.resolve(file), Set.of(sha256(FILE)), later());
  }

  private URI source(String file) {
    return mirror.base().resolve(file);
  }

  private static Instant later() {
    return Instant.now().plusSeconds(60);
  }

  static byte[] subset(String file) throws IOException {
    return Files.readAllBytes(TestDatasets.subsetDirectory().resolve(file));
  }

  static String sha256(String file) {
    return Sha256.ofFiles(List.of(TestDatasets.subsetDirectory().resolve(file)));
  }

  /** An address where nothing listens. */
  static URI closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
    }
  }

  private List<Path> files() {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
