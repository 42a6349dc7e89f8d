package dev.taper.dataset;

import dev.taper.storage.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The built-in {@code fashion-mnist-mini}: the first 2000 training and 500 test examples of
 * Fashion-MNIST, shipped in the jar ({@code datasets/fashion-mnist-mini/}, whose README gives their
 * provenance), so it works on any machine, offline. The readers take files, so the four files are
 * copied out to {@code TAPER_HOME/datasets/fashion-mnist-mini/} on first use, each written under a
 * temporary name, checked against its SHA-256 and renamed into place.
 */
final class FashionMnistMini implements BuiltinDataset {

  static final String NAME = "fashion-mnist-mini";
  static final String RESOURCE = "/datasets/fashion-mnist-mini/";

  /** SHA-256 of each file in the jar. */
  static final Map<String, String> SHA256 =
      Map.of(
          "train-images-idx3-ubyte.gz",
          "6845f10b008774b68427353acbe5a07a5918052dafbc502a8d3582a54be46ac5",
          "train-labels-idx1-ubyte.gz",
          "d507ba91514b3d50a9b54b952639a0dc6f05ac1f97d8ebdd93a0504eda39fda4",
          "t10k-images-idx3-ubyte.gz",
          "50597dcfdad7dd41ff807c354c23f5fa88f740a5cff43df182ba73c229564ef1",
          "t10k-labels-idx1-ubyte.gz",
          "15935be4ed7b45db8c8b1f946b8c6398b9538c1ef9948019db4da1f2d4a5ca3d");

  private final Path directory;
  private final ReentrantLock copying = new ReentrantLock();

  /**
   * @param directory where the files are copied to
   */
  FashionMnistMini(Path directory) {
    this.directory = directory;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Always found: copying the files out of the jar is part of finding them. */
  @Override
  public Optional<Path> findLocally() {
    return Optional.of(obtain());
  }

  @Override
  public Path obtain() {
    copying.lock();
    try {
      Files.createDirectories(directory);
      for (String file : FashionMnist.FILES) {
        Path target = directory.resolve(file);
        if (!Files.isRegularFile(target) || !intact(target, file)) {
          copyOut(file, target);
        }
      }
      return directory;
    } catch (IOException | UncheckedIOException e) {
      throw new DatasetUnavailableException(
          NAME + " cannot be copied to " + directory + ": " + e.getMessage(),
          NAME + ": copying its files out of the jar to " + directory + " failed: " + e,
          e);
    } finally {
      copying.unlock();
    }
  }

  private void copyOut(String file, Path target) throws IOException {
    Path temp = directory.resolve("." + file + "." + UUID.randomUUID() + ".part");
    try (InputStream in = FashionMnistMini.class.getResourceAsStream(RESOURCE + file)) {
      if (in == null) {
        throw new IOException(RESOURCE + file + " is missing from the jar");
      }
      Files.copy(in, temp);
      if (!intact(temp, file)) {
        throw new IOException(RESOURCE + file + " in the jar is damaged (wrong SHA-256)");
      }
      // another process sharing TAPER_HOME may do the same at once: both renames put equal bytes
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static boolean intact(Path copy, String file) {
    return SHA256.get(file).equals(Sha256.ofFiles(List.of(copy)));
  }
}
