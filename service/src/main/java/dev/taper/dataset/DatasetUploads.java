package dev.taper.dataset;

import dev.taper.storage.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * Registers uploaded datasets: the files are read in full with the reader classes (so a broken file
 * is refused with its byte offset), stored in the artifact store, hashed, and recorded.
 */
@Service
public class DatasetUploads {

  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  static final List<String> IDX_FILES =
      List.of("train-images.idx", "train-labels.idx", "test-images.idx", "test-labels.idx");
  static final List<String> CSV_FILES = List.of("train.csv", "test.csv");

  private final DatasetRegistry registry;
  private final ArtifactStore store;

  DatasetUploads(DatasetRegistry registry, ArtifactStore store) {
    this.registry = registry;
    this.store = store;
  }

  /** One uploaded file: its part name and content. */
  public interface Part {
    String name();

    InputStream open() throws IOException;
  }

  /**
   * @param parts IDX: trainImages, trainLabels and optionally testImages, testLabels; CSV: train
   *     and optionally test
   * @param classes the number of classes, or 0 to take the largest label plus one
   * @throws DatasetUploadException naming what is wrong with the request
   * @throws DatasetFormatException when a file does not parse
   */
  public RegisteredDataset register(
      String name, DatasetFormat format, int classes, Map<String, Part> parts) {
    List<String> problems = new ArrayList<>();
    if (name == null || !NAME.matcher(name).matches()) {
      problems.add("name must match " + NAME.pattern());
    } else if (registry.exists(name)) {
      throw new DatasetUploadException.Conflict(name);
    }
    if (classes < 0 || classes > 100_000) {
      problems.add("classes must be between 1 and 100000 (or left out)");
    }
    Map<String, String> layout = layout(format);
    List<String> required =
        format == DatasetFormat.IDX ? List.of("trainImages", "trainLabels") : List.of("train");
    for (String part : required) {
      if (!parts.containsKey(part)) {
        problems.add("missing file part '" + part + "'");
      }
    }
    for (String part : parts.keySet()) {
      if (!layout.containsKey(part)) {
        problems.add(
            "unexpected file part '"
                + part
                + "' for "
                + format
                + " (expected "
                + layout.keySet()
                + ")");
      }
    }
    if (format == DatasetFormat.IDX
        && parts.containsKey("testImages") != parts.containsKey("testLabels")) {
      problems.add("the test pair needs both testImages and testLabels");
    }
    if (!problems.isEmpty()) {
      throw new DatasetUploadException.Invalid(problems);
    }
    Path scratch = store.scratchDirectory();
    try {
      for (var entry : parts.entrySet()) {
        try (InputStream in = entry.getValue().open()) {
          Files.copy(
              in, scratch.resolve(layout.get(entry.getKey())), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      RawDataset raw = DatasetRegistry.read(name, format, scratch, classes);
      String key = "datasets/" + name + "-" + UUID.randomUUID();
      store.putDirectory(key, directory -> copyAll(scratch, directory));
      RegisteredDataset dataset =
          RegisteredDataset.describing(name, format, DatasetRegistry.ARTIFACT + key, raw);
      try {
        return registry.register(dataset);
      } catch (DataIntegrityViolationException e) {
        store.delete(key);
        throw new DatasetUploadException.Conflict(name);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the upload", e);
    } finally {
      deleteTree(scratch);
    }
  }

  /** The files of a stored upload that exist, in the order they are read and hashed. */
  static List<Path> files(DatasetFormat format, Path directory) {
    List<String> names = format == DatasetFormat.IDX ? IDX_FILES : CSV_FILES;
    return names.stream().map(directory::resolve).filter(Files::isRegularFile).toList();
  }

  private static Map<String, String> layout(DatasetFormat format) {
    Map<String, String> layout = new LinkedHashMap<>();
    if (format == DatasetFormat.IDX) {
      layout.put("trainImages", IDX_FILES.get(0));
      layout.put("trainLabels", IDX_FILES.get(1));
      layout.put("testImages", IDX_FILES.get(2));
      layout.put("testLabels", IDX_FILES.get(3));
    } else {
      layout.put("train", CSV_FILES.get(0));
      layout.put("test", CSV_FILES.get(1));
    }
    return layout;
  }

  private static void copyAll(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }

  private static void deleteTree(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // a leftover scratch folder is harmless
    }
  }
}
