package dev.taper.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taper.storage.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistMiniTest {

  /** The content hash its registration records (the README next to its files gives it too). */
  static final String CONTENT_SHA256 =
      "b337f19b87d164d4037f60ba522ea56be3392d36e5e239411de80bb9128233be";

  @TempDir Path home;

  @Test
  void itsFilesAreCopiedOutOfTheJarAndReadAsTheSubset() {
    Path directory = home.resolve("datasets/fashion-mnist-mini");

    assertThat(new FashionMnistMini(directory).findLocally()).contains(directory);

    for (String file : FashionMnist.FILES) {
      assertThat(directory.resolve(file))
          .hasSameBinaryContentAs(TestDatasets.subsetDirectory().resolve(file));
    }
    RegisteredDataset dataset = DatasetRegistry.describeBuiltin("fashion-mnist-mini", directory);
    assertThat(dataset.name()).isEqualTo("fashion-mnist-mini");
    assertThat(dataset.sha256()).isEqualTo(CONTENT_SHA256);
    assertThat(dataset.exampleShape()).containsExactly(1L, 28L, 28L);
    assertThat(dataset.classes()).isEqualTo(10);
    assertThat(dataset.trainExamples()).isEqualTo(2000);
    assertThat(dataset.testExamples()).isEqualTo(500);
    assertThat(dataset.uri()).isEqualTo("file:" + directory.toAbsolutePath());
  }

  @Test
  void theChecksumsInTheCodeAreThoseOfTheFilesInTheJar() {
    for (String file : FashionMnist.FILES) {
      assertThat(Sha256.ofFiles(List.of(TestDatasets.subsetDirectory().resolve(file))))
          .as(file)
          .isEqualTo(FashionMnistMini.SHA256.get(file));
    }
  }

  @Test
  void aDamagedCopyIsReplaced() throws Exception {
    Path directory = home.resolve("mini");
    FashionMnistMini mini = new FashionMnistMini(directory);
    mini.obtain();
    Path labels = directory.resolve("train-labels-idx1-ubyte.gz");
    Files.write(labels, new byte[] {1, 2, 3});

    mini.obtain();

    assertThat(labels)
        .hasSameBinaryContentAs(
            TestDatasets.subsetDirectory().resolve("train-labels-idx1-ubyte.gz"));
    try (var listing = Files.list(directory)) {
      assertThat(listing).hasSize(4);
    }
  }

  @Test
  void anUnwritableHomeIsNamedInTheError() throws Exception {
    Path notAFolder = Files.writeString(home.resolve("file"), "x");

    assertThatThrownBy(() -> new FashionMnistMini(notAFolder.resolve("mini")).obtain())
        .isInstanceOf(DatasetUnavailableException.class)
        .hasMessageStartingWith(
            "fashion-mnist-mini cannot be copied to " + notAFolder.resolve("mini") + ": ");
  }
}
