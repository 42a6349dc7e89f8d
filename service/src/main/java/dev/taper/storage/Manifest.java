package dev.taper.storage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files of a stored directory with their sizes and SHA-256 digests, in name order. Stored last,
 * as {@value #FILE_NAME} beside the files: a directory is published when its manifest is.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(List<StoredFile> files) {

  /** The manifest's own name inside its directory; no stored file may take it. */
  public static final String FILE_NAME = ".taper-manifest.json";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  public Manifest {
    files = files.stream().sorted(Comparator.comparing(StoredFile::name)).toList();
    Set<String> names = new HashSet<>();
    for (StoredFile file : files) {
      ArtifactKeys.checkFileName(file.name());
      if (!names.add(file.name())) {
        throw new IllegalArgumentException("the manifest names " + file.name() + " twice");
      }
    }
  }

  public Optional<StoredFile> file(String name) {
    return files.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /**
   * Lists and hashes the regular files under a directory that has no manifest (one being published,
   * or one stored before manifests existed).
   *
   * @throws IllegalArgumentException when a file takes the manifest's name
   */
  public static Manifest of(Path directory) throws IOException {
    List<StoredFile> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String name =
            directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        files.add(new StoredFile(name, Files.size(file), Sha256.of(file)));
      }
    }
    return new Manifest(files);
  }

  /** The file's path under a local copy of the directory. */
  public static Path resolve(Path directory, String name) {
    return directory.resolve(ArtifactKeys.checkFileName(name));
  }

  public byte[] toJson() {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
  }

  /**
   * @throws IOException when the bytes are not a manifest
   */
  public static Manifest fromJson(InputStream in, String what) throws IOException {
    try {
      Manifest manifest = JSON.readValue(in, Manifest.class);
      if (manifest == null || manifest.files() == null) {
        throw new IOException("the manifest of " + what + " lists no files");
      }
      return manifest;
    } catch (JacksonException | IllegalArgumentException e) {
      throw new IOException("the manifest of " + what + " does not read: " + e.getMessage(), e);
    }
  }
}
