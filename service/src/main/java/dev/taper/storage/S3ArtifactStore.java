package dev.taper.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The artifact store in an S3 bucket (AWS or any S3-compatible server), for installations where the
 * api and the workers share no disk. A key {@code k} is the object {@code prefix/k}; a directory's
 * files are the objects {@code prefix/k/<file>} and its manifest {@code prefix/k/}{@value
 * Manifest#FILE_NAME}, uploaded after every file, so a directory exists for readers exactly when
 * its manifest does. Objects (checkpoints) end with a {@link ChecksumTrailer}. Every transfer
 * streams: uploads buffer one part ({@link S3Upload}), downloads resume where they broke off
 * ({@link S3Download}).
 *
 * <p>A local folder (under {@code TAPER_HOME}) holds staged directories, scratch space and the
 * {@linkplain #fetchDirectory fetched} copies.
 */
public class S3ArtifactStore implements ArtifactStore, S3DirectoryCache.Source {

  private static final Logger log = LoggerFactory.getLogger(S3ArtifactStore.class);
  private static final String TEMP = ".tmp";

  private final S3Client s3;
  private final S3Settings settings;
  private final Path temp;
  private final S3DirectoryCache cache;

  /**
   * @param local a folder of this machine's own for staging, scratch space and fetched copies
   */
  public S3ArtifactStore(S3Client s3, S3Settings settings, Path local) {
    this.s3 = s3;
    this.settings = settings;
    Path root = local.toAbsolutePath().normalize();
    this.temp = root.resolve(TEMP);
    try {
      Files.createDirectories(temp);
    } catch (IOException e) {
      throw new ArtifactStoreException("cannot create the S3 store's local folder " + root, e);
    }
    this.cache = new S3DirectoryCache(this, root.resolve("cache"), temp);
  }

  @Override
  public Manifest putDirectory(String key, DirectoryWriter writer) {
    ArtifactKeys.checkKey(key);
    Path staging = scratchDirectory();
    List<String> uploaded = new ArrayList<>();
    try {
      writer.write(staging);
      Manifest manifest = Manifest.of(staging);
      if (present(manifestKey(key))) {
        throw new ArtifactStoreException(
            "cannot store " + key + ": it is already stored, and stored keys are never replaced");
      }
      for (StoredFile file : manifest.files()) {
        String objectKey = fileKey(key, file.name());
        uploaded.add(objectKey);
        try (InputStream in = Files.newInputStream(Manifest.resolve(staging, file.name()));
            S3Upload upload = new S3Upload(s3, settings, objectKey)) {
          in.transferTo(upload);
          upload.complete();
        }
      }
      put(manifestKey(key), manifest.toJson());
      return manifest;
    } catch (IOException e) {
      removeQuietly(uploaded);
      throw new ArtifactStoreException("cannot store " + key, e);
    } catch (RuntimeException e) {
      removeQuietly(uploaded);
      throw e;
    } finally {
      LocalFiles.deleteTree(staging);
    }
  }

  @Override
  public Optional<Manifest> list(String key) {
    String manifestKey = manifestKey(ArtifactKeys.checkKey(key));
    try (S3Download in = S3Download.open(s3, settings, manifestKey)) {
      return Optional.of(Manifest.fromJson(in, settings.describe(manifestKey)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new ArtifactStoreException("cannot list " + key, e);
    }
  }

  @Override
  public InputStream open(String key, String file) throws IOException {
    StoredFile stored =
        list(key)
            .orElseThrow(() -> new NoSuchFileException(key))
            .file(file)
            .orElseThrow(() -> new NoSuchFileException(key + "/" + file));
    String objectKey = fileKey(key, file);
    S3Download in = S3Download.open(s3, settings, objectKey);
    if (in.length() != stored.size()) {
      in.close();
      throw new ChecksumMismatchException(
          settings.describe(objectKey),
          stored.size() + " bytes",
          in.length() + " bytes, a different length");
    }
    return VerifyingInputStream.of(in, stored, settings.describe(objectKey));
  }

  @Override
  public Path fetchDirectory(String key) {
    return cache.fetch(ArtifactKeys.checkKey(key));
  }

  @Override
  public void write(String key, StreamWriter writer) {
    String objectKey = settings.objectKey(ArtifactKeys.checkKey(key));
    try (S3Upload upload = new S3Upload(s3, settings, objectKey)) {
      ChecksumTrailer.Appending out = new ChecksumTrailer.Appending(upload);
      writer.write(out);
      out.finish();
      upload.complete();
    } catch (IOException e) {
      throw new ArtifactStoreException("cannot write " + key, e);
    }
  }

  @Override
  public InputStream open(String key) throws IOException {
    String objectKey = settings.objectKey(ArtifactKeys.checkKey(key));
    S3Download in = S3Download.open(s3, settings, objectKey);
    return VerifyingInputStream.ofTrailed(in, in.length(), settings.describe(objectKey));
  }

  @Override
  public boolean exists(String key) {
    return present(settings.objectKey(ArtifactKeys.checkKey(key))) || present(manifestKey(key));
  }

  @Override
  public void delete(String key) {
    String objectKey = settings.objectKey(ArtifactKeys.checkKey(key));
    List<String> under = new ArrayList<>();
    try {
      for (S3Object object :
          s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(objectKey + "/"))
              .contents()) {
        under.add(object.key());
      }
    } catch (SdkException e) {
      throw S3Errors.failure("list", settings.describe(objectKey + "/"), e);
    }
    // the manifest first: from then on readers no longer see the directory
    String manifestKey = manifestKey(key);
    if (under.remove(manifestKey)) {
      remove(manifestKey);
    }
    under.forEach(this::remove);
    remove(objectKey);
    cache.evict(key);
  }

  @Override
  public Path scratchDirectory() {
    try {
      return Files.createDirectory(temp.resolve(UUID.randomUUID().toString()));
    } catch (IOException e) {
      throw new ArtifactStoreException("cannot create a scratch directory", e);
    }
  }

  @Override
  public void close() {
    s3.close();
  }

  private String manifestKey(String key) {
    return settings.objectKey(key) + "/" + Manifest.FILE_NAME;
  }

  private String fileKey(String key, String file) {
    return settings.objectKey(key) + "/" + ArtifactKeys.checkFileName(file);
  }

  private boolean present(String objectKey) {
    try {
      s3.headObject(b -> b.bucket(settings.bucket()).key(objectKey));
      return true;
    } catch (SdkException e) {
      if (S3Errors.notFound(e)) {
        return false;
      }
      throw S3Errors.failure("look up", settings.describe(objectKey), e);
    }
  }

  private void put(String objectKey, byte[] bytes) {
    try {
      s3.putObject(
          b -> b.bucket(settings.bucket()).key(objectKey),
          RequestBody.fromContentProvider(
              () -> new ByteArrayInputStream(bytes), bytes.length, "application/json"));
    } catch (SdkException e) {
      throw S3Errors.failure("store", settings.describe(objectKey), e);
    }
  }

  private void remove(String objectKey) {
    try {
      s3.deleteObject(b -> b.bucket(settings.bucket()).key(objectKey));
    } catch (SdkException e) {
      throw S3Errors.failure("delete", settings.describe(objectKey), e);
    }
  }

  /** Removes the files of a directory whose publication failed; none of them is visible. */
  private void removeQuietly(List<String> objectKeys) {
    for (String objectKey : objectKeys) {
      try {
        remove(objectKey);
      } catch (ArtifactStoreException e) {
        log.warn("could not remove {} of an unpublished directory", objectKey, e);
      }
    }
  }
}
