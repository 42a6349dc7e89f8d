package dev.taper.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.CiAssumptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SHA-256s in {@link FashionMnist} against the real files, from Debian's {@code
 * dataset-fashion-mnist} (skipped without it, failed in CI).
 *
 * <p>Debian's files are Zalando's compressed data behind another gzip header: no original file
 * name, and the packaging date as time stamp. Zalando's bytes are rebuilt here by restoring their
 * header (the file name, and the time stamp of their labels files, which are small enough to carry
 * in their repository); they then have exactly the MD5s Zalando's README publishes, which is how
 * the official SHA-256s in the code were obtained.
 */
class FashionMnistChecksumsTest {

  /** Zalando's README. */
  static final Map<String, String> OFFICIAL_MD5 =
      Map.of(
          "train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
          "train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe",
          "t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79",
          "t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310");

  /** The gzip time stamps of Zalando's files (2017-08-31). */
  static final Map<String, Integer> OFFICIAL_MTIME =
      Map.of(
          "train-images-idx3-ubyte.gz", 1504176606,
          "train-labels-idx1-ubyte.gz", 1504176606,
          "t10k-images-idx3-ubyte.gz", 1504176627,
          "t10k-labels-idx1-ubyte.gz", 1504176627);

  @TempDir Path dir;

  @Test
  void theChecksumsAcceptTheOfficialFilesAndDebiansAndTheDownloadReadsInFull() throws Exception {
    Path debian = FashionMnist.SYSTEM_DIRECTORY;
    CiAssumptions.assumeOrFailInCi(
        FashionMnist.FILES.stream().allMatch(f -> Files.isRegularFile(debian.resolve(f))),
        "Debian's Fashion-MNIST not in " + debian + " (apt-get install dataset-fashion-mnist)");

    try (MirrorServer official = MirrorServer.start();
        MirrorServer debianMirror = MirrorServer.start()) {
      for (String file : FashionMnist.FILES) {
        byte[] debianBytes = Files.readAllBytes(debian.resolve(file));
        byte[] officialBytes = officialFrom(debianBytes, file);
        assertThat(hex("SHA-256", debianBytes)).isEqualTo(FashionMnist.DEBIAN_SHA256.get(file));
        assertThat(hex("MD5", officialBytes)).isEqualTo(OFFICIAL_MD5.get(file));
        assertThat(hex("SHA-256", officialBytes)).isEqualTo(FashionMnist.OFFICIAL_SHA256.get(file));
        official.serve(file, officialBytes);
        debianMirror.serve(file, debianBytes);
      }

      Path fromZalando = download(official, dir.resolve("official"));
      Path fromDebian = download(debianMirror, dir.resolve("debian"));

      RawDataset raw = FashionMnist.load(fromZalando);
      assertThat(raw.train().size()).isEqualTo(60_000);
      assertThat(raw.test().size()).isEqualTo(10_000);
      assertThat(raw.train().features())
          .isEqualTo(FashionMnist.load(fromDebian).train().features());
    }
  }

  private Path download(MirrorServer mirror, Path downloads) {
    return new FashionMnistDataset(
            new FashionMnistDataset.Locations(null, null, dir.resolve("absent"), downloads),
            new FashionMnistDataset.Mirror(
                true, mirror.base(), Duration.ofMinutes(2), FashionMnist.ACCEPTED_SHA256),
            Downloader.withDefaultTimeouts())
        .obtain();
  }

  /** Debian's file with Zalando's gzip header: FNAME flag, their time stamp, the file name. */
  static byte[] officialFrom(byte[] debian, String file) {
    assertThat(debian[3]).as("Debian's header has no flags").isZero();
    byte[] name = (file.replace(".gz", "") + "\0").getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer out =
        ByteBuffer.allocate(debian.length + name.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(new byte[] {0x1f, (byte) 0x8b, 8, 8});
    out.putInt(OFFICIAL_MTIME.get(file));
    out.put(new byte[] {0, 3});
    out.put(name);
    out.put(debian, 10, debian.length - 10);
    return out.array();
  }

  private static String hex(String algorithm, byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
  }
}
