package dev.taper.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;

/**
 * The default artifact store: a folder (under {@code TAPER_HOME}) laid out as the keys say. Writes
 * go to a temporary name in the same file system, are forced to disk, and are then renamed into
 * place, so a crash at any instant leaves either nothing or the complete artifact under its key.
 *
 * <p>Folders written before manifests and checksum trailers existed still read: a directory without
 * a manifest is listed (and hashed) from its files, an object without a trailer is read unchecked.
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
  public Manifest putDirectory(String key, DirectoryWriter writer) {
    Path target = resolve(key);
    Path temp = root.resolve(TEMP).resolve(UUID.randomUUID().toString());
    try {
      Files.createDirectories(temp);
      writer.write(temp);
      Manifest manifest = Manifest.of(temp);
      Files.write(temp.resolve(Manifest.FILE_NAME), manifest.toJson());
      LocalFiles.forceTree(temp);
      Files.createDirectories(target.getParent());
      if (Files.exists(target)) {
        throw new FileAlreadyExistsException(target.toString());
      }
      LocalFiles.move(temp, target);
      LocalFiles.force(target.getParent());
      return manifest;
    } catch (IOException e) {
      LocalFiles.deleteTree(temp);
      throw new ArtifactStoreException("cannot store " + key, e);
    } catch (RuntimeException e) {
      LocalFiles.deleteTree(temp);
      throw e;
    }
  }

  @Override
  public Optional<Manifest> list(String key) {
    Path directory = resolve(key);
    if (!Files.isDirectory(directory)) {
      return Optional.empty();
    }
    try {
      Optional<Manifest> stored = storedManifest(key, directory);
      return stored.isPresent() ? stored : Optional.of(Manifest.of(directory));
    } catch (IOException e) {
      throw new ArtifactStoreException("cannot list " + key, e);
    }
  }

  @Override
  public InputStream open(String key, String file) throws IOException {
    Path directory = resolve(key);
    Path path = Manifest.resolve(directory, file);
    if (!Files.isDirectory(directory)) {
      throw new NoSuchFileException(key);
    }
    Optional<Manifest> manifest = storedManifest(key, directory);
    if (manifest.isEmpty()) {
      return Files.newInputStream(path);
    }
    StoredFile stored =
        manifest.get().file(file).orElseThrow(() -> new NoSuchFileException(key + "/" + file));
    String what = key + "/" + file;
    long size = Files.size(path);
    if (size != stored.size()) {
      throw new ChecksumMismatchException(
          what, stored.size() + " bytes", size + " bytes, a different length");
    }
    return VerifyingInputStream.of(Files.newInputStream(path), stored, what);
  }

  @Override
  public Path fetchDirectory(String key) {
    Path directory = resolve(key);
    if (!Files.isDirectory(directory)) {
      throw new ArtifactNotFoundException(key);
    }
    try {
      Optional<Manifest> manifest = storedManifest(key, directory);
      if (manifest.isPresent()) {
        for (StoredFile file : manifest.get().files()) {
          try (InputStream in = open(key, file.name())) {
            in.transferTo(OutputStream.nullOutputStream());
          }
        }
      }
      return directory;
    } catch (IOException e) {
      throw new ArtifactStoreException("cannot read " + key, e);
    }
  }

  @Override
  public void write(String key, StreamWriter writer) {
    Path target = resolve(key);
    Path temp = root.resolve(TEMP).resolve(UUID.randomUUID() + ".part");
    try {
      Files.createDirectories(target.getParent());
      try (OutputStream file =
              new BufferedOutputStream(
                  Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW), 1 << 16);
          ChecksumTrailer.Appending out = new ChecksumTrailer.Appending(file)) {
        writer.write(out);
        out.finish();
      }
      LocalFiles.force(temp);
      LocalFiles.move(temp, target);
      LocalFiles.force(target.getParent());
    } catch (IOException e) {
      LocalFiles.deleteQuietly(temp);
      throw new ArtifactStoreException("cannot write " + key, e);
    } catch (RuntimeException e) {
      LocalFiles.deleteQuietly(temp);
      throw e;
    }
  }

  @Override
  public InputStream open(String key) throws IOException {
    Path file = resolve(key);
    if (Files.isDirectory(file)) {
      throw new IOException(key + " is a directory, not an object");
    }
    InputStream in = Files.newInputStream(file);
    try {
      return ChecksumTrailer.presentIn(file)
          ? VerifyingInputStream.ofTrailed(in, Files.size(file), key)
          : in;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  @Override
  public boolean exists(String key) {
    return Files.exists(resolve(key));
  }

  @Override
  public void delete(String key) {
    LocalFiles.deleteTreeFully(resolve(key));
  }

  @Override
  public Path scratchDirectory() {
    try {
      return Files.createDirectory(root.resolve(TEMP).resolve(UUID.randomUUID().toString()));
    } catch (IOException e) {
      throw new ArtifactStoreException("cannot create a scratch directory", e);
    }
  }

  private Optional<Manifest> storedManifest(String key, Path directory) throws IOException {
    try (InputStream in = Files.newInputStream(directory.resolve(Manifest.FILE_NAME))) {
      return Optional.of(Manifest.fromJson(in, key));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private Path resolve(String key) {
    Path path = root.resolve(ArtifactKeys.checkKey(key)).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new IllegalArgumentException("not an artifact key: " + key);
    }
    return path;
  }
}
