package dev.taper.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The default artifact store: a folder (under {@code TAPER_HOME}). Writes go to a temporary name in
 * the same file system, are forced to disk, and are then renamed into place, so a crash at any
 * instant leaves either nothing or the complete artifact under its key.
 */
public class FilesystemArtifactStore implements ArtifactStore {

  private static final String TEMP = ".tmp";

  private final Path root;

  public FilesystemArtifactStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root.resolve(TEMP));
    } catch (IOException e) {
      throw new ArtifactStoreException("cannot create the artifact store at " + this.root, e);
    }
  }

  public Path root() {
    return root;
  }

  @Override
  public void putDirectory(String key, DirectoryWriter writer) {
    Path target = resolve(key);
    Path temp = root.resolve(TEMP).resolve(UUID.randomUUID().toString());
    try {
      Files.createDirectories(temp);
      writer.write(temp);
      try (Stream<Path> files = Files.walk(temp)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          force(file);
        }
      }
      force(temp);
      Files.createDirectories(target.getParent());
      if (Files.exists(target)) {
        throw new FileAlreadyExistsException(target.toString());
      }
      move(temp, target);
      force(target.getParent());
    } catch (IOException e) {
      deleteTree(temp);
      throw new ArtifactStoreException("cannot store " + key, e);
    } catch (RuntimeException e) {
      deleteTree(temp);
      throw e;
    }
  }

  @Override
  public Path directory(String key) {
    return resolve(key);
  }

  @Override
  public void write(String key, byte[] bytes) {
    Path target = resolve(key);
    Path temp = root.resolve(TEMP).resolve(UUID.randomUUID() + ".part");
    try {
      Files.createDirectories(target.getParent());
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      move(temp, target);
      force(target.getParent());
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new ArtifactStoreException("cannot write " + key, e);
    }
  }

  @Override
  public Optional<byte[]> read(String key) {
    try {
      return Optional.of(Files.readAllBytes(resolve(key)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new ArtifactStoreException("cannot read " + key, e);
    }
  }

  @Override
  public InputStream open(String key) throws IOException {
    return Files.newInputStream(resolve(key));
  }

  @Override
  public boolean exists(String key) {
    return Files.exists(resolve(key));
  }

  @Override
  public void delete(String key) {
    deleteTree(resolve(key));
  }

  @Override
  public Path scratchDirectory() {
    try {
      return Files.createDirectory(root.resolve(TEMP).resolve(UUID.randomUUID().toString()));
    } catch (IOException e) {
      throw new ArtifactStoreException("cannot create a scratch directory", e);
    }
  }

  private Path resolve(String key) {
    Path path = root.resolve(key).normalize();
    if (!path.startsWith(root) || path.equals(root) || key.startsWith(TEMP)) {
      throw new IllegalArgumentException("not an artifact key: " + key);
    }
    return path;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the artifact store needs atomic renames: " + to, e);
    }
  }

  /** fsync a file or a directory (a directory's entry list is what makes a rename durable). */
  private static void force(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static void deleteTree(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : all) {
        deleteQuietly(p);
      }
    } catch (IOException e) {
      throw new ArtifactStoreException("cannot delete " + path, e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // a leftover temporary file is harmless: it is never published under a key
    }
  }
}
