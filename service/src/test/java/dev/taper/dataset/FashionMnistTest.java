package dev.taper.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.CiAssumptions;
import dev.taper.storage.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

  @TempDir Path dir;

  @Test
  void subsetHasTheRealExamples() {
    RawDataset raw = TestDatasets.fashionMnistSubset();

    assertThat(raw.name()).isEqualTo("fashion-mnist");
    assertThat(raw.train().size()).isEqualTo(2000);
    assertThat(raw.test().size()).isEqualTo(500);
    assertThat(raw.train().exampleShape()).containsExactly(1, 28, 28);
    assertThat(raw.test().exampleShape()).containsExactly(1, 28, 28);
    assertThat(raw.train().classes()).isEqualTo(10);
    // the README's label counts, and the first labels of the official training file
    assertThat(countPerClass(raw.train().labels()))
        .containsExactly(194, 216, 202, 195, 186, 200, 194, 215, 198, 200);
    assertThat(countPerClass(raw.test().labels()))
        .containsExactly(55, 52, 65, 46, 57, 39, 47, 47, 44, 48);
    assertThat(raw.train().labels()).startsWith(9, 0, 0, 3, 0, 2, 7, 2, 5, 5);
    assertThat(raw.test().labels()).startsWith(9, 2, 1, 1, 6, 1, 4, 6, 5, 7);
  }

  @Test
  void subsetPixelsAreScaledBytes() {
    float[] x = TestDatasets.fashionMnistSubset().train().features();
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    double sum = 0;
    for (float v : x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
      assertThat(Math.round(v * 255) / 255f).isEqualTo(v);
    }
    assertThat(min).isEqualTo(0f);
    assertThat(max).isEqualTo(1f);
    // Fashion-MNIST's mean pixel is about 0.286
    assertThat(sum / x.length).isBetween(0.25, 0.32);
  }

  @Test
  void subsetHashIsOverTheFourFilesInOrder() throws IOException {
    Path subset = TestDatasets.subsetDirectory();
    String expected = Sha256.ofFiles(FashionMnist.FILES.stream().map(subset::resolve).toList());

    assertThat(TestDatasets.fashionMnistSubset().sha256()).isEqualTo(expected).hasSize(64);
    // a different file order is a different hash
    assertThat(
            Sha256.ofFiles(
                List.of(3, 2, 1, 0).stream()
                    .map(i -> subset.resolve(FashionMnist.FILES.get(i)))
                    .toList()))
        .isNotEqualTo(expected);
  }

  @Test
  void locateHonoursPropertyThenEnvironmentThenSystemFolder() throws IOException {
    Path direct = copySubsetTo(dir.resolve("direct"));
    Path parent = dir.resolve("parent");
    copySubsetTo(parent.resolve("fashion-mnist"));
    Path system = copySubsetTo(dir.resolve("system"));
    Path empty = Files.createDirectories(dir.resolve("empty"));

    assertThat(FashionMnist.locate(direct.toString(), parent.toString(), system)).contains(direct);
    assertThat(FashionMnist.locate(null, parent.toString(), system))
        .contains(parent.resolve("fashion-mnist"));
    assertThat(FashionMnist.locate(empty.toString(), " ", system)).contains(system);
    assertThat(FashionMnist.locate(empty.toString(), null, dir.resolve("absent"))).isEmpty();
  }

  @Test
  void loadAcceptsDecompressedFiles() throws IOException {
    Path plain = Files.createDirectories(dir.resolve("plain"));
    for (String name : FashionMnist.FILES) {
      byte[] gz = Files.readAllBytes(TestDatasets.subsetDirectory().resolve(name));
      byte[] raw =
          new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz)).readAllBytes();
      Files.write(plain.resolve(name.replace(".gz", "")), raw);
    }

    assertThat(FashionMnist.locate(plain.toString(), null, dir.resolve("absent"))).contains(plain);
    RawDataset raw = FashionMnist.load(plain);
    RawDataset gz = TestDatasets.fashionMnistSubset();
    assertThat(raw.train().features()).isEqualTo(gz.train().features());
    assertThat(raw.test().labels()).isEqualTo(gz.test().labels());
    assertThat(raw.sha256()).isNotEqualTo(gz.sha256());
  }

  @Test
  void fullDatasetFromDebianPackage() {
    RawDataset raw =
        CiAssumptions.presentOrFailInCi(
            TestDatasets.fullFashionMnist(), TestDatasets.FULL_FASHION_MNIST_MISSING);

    assertThat(raw.train().size()).isEqualTo(60000);
    assertThat(raw.test().size()).isEqualTo(10000);
    assertThat(raw.train().exampleShape()).containsExactly(1, 28, 28);
    assertThat(raw.train().features()).hasSize(60000 * 784);
    assertThat(countPerClass(raw.train().labels())).containsOnly(6000);
    assertThat(countPerClass(raw.test().labels())).containsOnly(1000);
    // the subset is the head of the full files
    RawDataset subset = TestDatasets.fashionMnistSubset();
    assertThat(raw.train().head(2000).features()).isEqualTo(subset.train().features());
    assertThat(raw.test().head(500).labels()).isEqualTo(subset.test().labels());

    DatasetSplits splits = DatasetPreparer.prepare(raw, 1, 0.1, null, null);
    assertThat(splits.train().size()).isEqualTo(54000);
    assertThat(splits.validation().size()).isEqualTo(6000);
    assertThat(splits.test().size()).isEqualTo(10000);
  }

  private static int[] countPerClass(int[] labels) {
    int[] counts = new int[10];
    for (int label : labels) {
      counts[label]++;
    }
    return counts;
  }

  private static Path copySubsetTo(Path target) throws IOException {
    Files.createDirectories(target);
    for (String name : FashionMnist.FILES) {
      Files.copy(TestDatasets.subsetDirectory().resolve(name), target.resolve(name));
    }
    return target;
  }
}
