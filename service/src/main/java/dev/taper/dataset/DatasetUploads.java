package dev.taper.dataset;

import dev.taper.storage.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * Registers uploaded datasets: the files are read in full with the reader classes (so a broken file
 * is refused with its part, byte offset and reason), stored in the artifact store, hashed, and
 * recorded ({@link UploadFolders}: a folder whose registration fails, or whose process dies before
 * it, is deleted). Every problem with a request is a {@link DatasetUploadException} naming the
 * field or part at fault.
 */
@Service
public class DatasetUploads {

  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  static final int MAX_CLASSES = 100_000;

  /** The upload's plain form fields; everything else is a file. */
  private static final List<String> TEXT_FIELDS = List.of("name", "format", "classes");

  static final List<String> IDX_FILES =
      List.of("train-images.idx", "train-labels.idx", "test-images.idx", "test-labels.idx");
  static final List<String> CSV_FILES = List.of("train.csv", "test.csv");

  private final DatasetRegistry registry;
  private final ArtifactStore store;
  private final UploadFolders folders;

  DatasetUploads(DatasetRegistry registry, ArtifactStore store, UploadFolders folders) {
    this.registry = registry;
    this.store = store;
    this.folders = folders;
  }

  /** One uploaded file: its part name, the client's file name, and its content. */
  public interface Part {
    String name();

    String filename();

    InputStream open() throws IOException;
  }

  /**
   * An upload as sent.
   *
   * @param name the dataset name
   * @param format {@code idx} (default) or {@code csv}
   * @param classes the number of classes, or blank to take the largest label plus one
   * @param files IDX: trainImages, trainLabels and optionally testImages, testLabels; CSV: train
   *     and optionally test
   * @param fields the names of the plain (non-file) form fields sent
   * @param repeated how many times each field or file sent more than once was sent
   */
  public record Request(
      String name,
      String format,
      String classes,
      Map<String, Part> files,
      Set<String> fields,
      Map<String, Integer> repeated) {}

  /**
   * @throws DatasetUploadException naming every problem with the request, the first file that does
   *     not parse, or a name already taken
   */
  public RegisteredDataset register(Request request) {
    List<UploadProblem> problems = new ArrayList<>();
    if (request.files().isEmpty() && request.fields().isEmpty()) {
      problems.add(
          UploadProblem.part(
              UploadProblem.BODY,
              "holds no fields and no files: is it multipart/form-data with the boundary its"
                  + " Content-Type names?"));
    }
    String name = request.name();
    if (name == null || name.isBlank()) {
      problems.add(UploadProblem.field("name", "is required, matching " + NAME.pattern()));
    } else if (!NAME.matcher(name).matches()) {
      problems.add(UploadProblem.field("name", "must match " + NAME.pattern()));
    } else if (registry.exists(name) || registry.isBuiltin(name)) {
      throw DatasetUploadException.conflict(name);
    }
    request
        .repeated()
        .forEach(
            (part, times) ->
                problems.add(
                    UploadProblem.part(
                        part, "is sent " + times + " times; send each field and file once")));
    int classes = classes(request.classes(), problems);
    DatasetFormat format = format(request.format(), problems);
    if (format != null) {
      checkParts(format, request, problems);
    }
    if (!problems.isEmpty()) {
      throw DatasetUploadException.invalid(problems);
    }
    return store(name, format, classes, request.files());
  }

  private RegisteredDataset store(
      String name, DatasetFormat format, int classes, Map<String, Part> parts) {
    Map<String, String> layout = layout(format);
    Path scratch = store.scratchDirectory();
    try {
      for (var entry : parts.entrySet()) {
        try (InputStream in = entry.getValue().open()) {
          Files.copy(
              in, scratch.resolve(layout.get(entry.getKey())), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      RawDataset raw = read(name, format, classes, scratch, parts);
      String key = "datasets/" + name + "-" + UUID.randomUUID();
      folders.store(key, directory -> copyAll(scratch, directory));
      RegisteredDataset dataset =
          RegisteredDataset.describing(name, format, DatasetRegistry.ARTIFACT + key, raw);
      try {
        return folders.register(key, () -> registry.register(dataset));
      } catch (DataIntegrityViolationException e) {
        throw DatasetUploadException.conflict(name);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the upload", e);
    } finally {
      deleteTree(scratch);
    }
  }

  /** Reads the stored files, turning what the readers refuse into problems naming the part. */
  private static RawDataset read(
      String name, DatasetFormat format, int classes, Path scratch, Map<String, Part> parts) {
    Map<String, String> partOfFile = new LinkedHashMap<>();
    layout(format).forEach((part, file) -> partOfFile.put(file, part));
    String trainPart = format == DatasetFormat.IDX ? "trainLabels" : "train";
    RawDataset raw;
    try {
      raw = DatasetRegistry.read(name, format, scratch, classes);
    } catch (DatasetFormatException e) {
      String part =
          e.file() == null
              ? UploadProblem.BODY
              : partOfFile.getOrDefault(e.file().getFileName().toString(), UploadProblem.BODY);
      Part sent = parts.get(part);
      throw DatasetUploadException.unreadable(part, sent == null ? null : sent.filename(), e);
    } catch (IllegalArgumentException e) {
      throw DatasetUploadException.invalid(List.of(UploadProblem.part(trainPart, e.getMessage())));
    }
    String testPart = format == DatasetFormat.IDX ? "testImages" : "test";
    checkContent(format, raw, trainPart, classes, !parts.containsKey(testPart));
    return raw;
  }

  /**
   * What the readers cannot see file by file: empty splits, one class, mismatched examples, and
   * test labels no training example has where that cannot be meant: in a test split held out from
   * the end of the training file, or, where the class count is taken from the labels, above every
   * training label.
   *
   * @param heldOut whether the test split is the training file's last rows (no test file was sent)
   */
  private static void checkContent(
      DatasetFormat format, RawDataset raw, String trainPart, int givenClasses, boolean heldOut) {
    String testPart = format == DatasetFormat.IDX ? "testImages" : "test";
    String trainShapePart = format == DatasetFormat.IDX ? "trainImages" : "train";
    List<UploadProblem> problems = new ArrayList<>();
    if (raw.train().size() == 0) {
      problems.add(UploadProblem.part(trainShapePart, "holds no examples"));
    }
    if (raw.test().size() == 0) {
      problems.add(UploadProblem.part(testPart, "holds no examples"));
    }
    if (!Arrays.equals(raw.train().exampleShape(), raw.test().exampleShape())) {
      problems.add(
          UploadProblem.part(
              testPart,
              "its examples have shape "
                  + Arrays.toString(raw.test().exampleShape())
                  + ", the training examples "
                  + Arrays.toString(raw.train().exampleShape())));
    }
    if (raw.train().classes() < 2) {
      problems.add(
          UploadProblem.part(trainPart, "every label is 0: a classifier needs at least 2 classes"));
    }
    OptionalInt untrained =
        raw.train().size() == 0 ? OptionalInt.empty() : labelNoTrainingExampleHas(raw);
    int trainTop = DatasetRegistry.maxLabel(raw.train());
    if (untrained.isPresent() && heldOut) {
      // rows ordered by label leave the last classes to the held-out tail alone
      problems.add(
          UploadProblem.part(
              trainPart,
              "its last rows, held out as the test split, hold label "
                  + untrained.getAsInt()
                  + ", which no row kept for training has: the rows look ordered by label;"
                  + " shuffle them, or send a test split of its own"));
    } else if (untrained.isPresent() && givenClasses == 0 && untrained.getAsInt() > trainTop) {
      // the class count would silently grow to a class no training example has
      problems.add(
          UploadProblem.part(
              format == DatasetFormat.IDX ? "testLabels" : "test",
              "holds label "
                  + untrained.getAsInt()
                  + ", above every training label (the largest is "
                  + trainTop
                  + "): a class the network never trains on; correct the labels, or give"
                  + " `classes` if the training split lacks it on purpose"));
    }
    if (!problems.isEmpty()) {
      throw DatasetUploadException.invalid(problems);
    }
  }

  /** The largest test label that no training example has, if any. */
  private static OptionalInt labelNoTrainingExampleHas(RawDataset raw) {
    BitSet trained = new BitSet();
    for (int label : raw.train().labels()) {
      trained.set(label);
    }
    int untrained = -1;
    for (int label : raw.test().labels()) {
      if (!trained.get(label)) {
        untrained = Math.max(untrained, label);
      }
    }
    return untrained < 0 ? OptionalInt.empty() : OptionalInt.of(untrained);
  }

  private static int classes(String text, List<UploadProblem> problems) {
    if (text == null || text.isBlank()) {
      return 0;
    }
    try {
      int classes = Integer.parseInt(text.strip());
      if (classes >= 2 && classes <= MAX_CLASSES) {
        return classes;
      }
    } catch (NumberFormatException e) {
      // reported below, like an out-of-range number
    }
    problems.add(
        UploadProblem.field(
            "classes",
            "'"
                + text
                + "' is not a whole number from 2 to "
                + MAX_CLASSES
                + " (or leave it out)"));
    return 0;
  }

  private static DatasetFormat format(String text, List<UploadProblem> problems) {
    if (text == null || text.isBlank()) {
      return DatasetFormat.IDX;
    }
    try {
      return DatasetFormat.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(UploadProblem.field("format", "'" + text + "' is not idx or csv"));
      return null;
    }
  }

  private static void checkParts(
      DatasetFormat format, Request request, List<UploadProblem> problems) {
    Map<String, String> layout = layout(format);
    Map<String, Part> files = request.files();
    List<String> required =
        format == DatasetFormat.IDX ? List.of("trainImages", "trainLabels") : List.of("train");
    for (String part : required) {
      if (!files.containsKey(part)) {
        problems.add(
            UploadProblem.part(
                part,
                request.fields().contains(part)
                    ? "was sent as a text field; send it as a file (with a filename)"
                    : "is missing"));
      }
    }
    for (String part : files.keySet()) {
      if (!layout.containsKey(part)) {
        problems.add(
            UploadProblem.part(part, "is not one of the " + format + " parts " + layout.keySet()));
      }
    }
    for (String field : request.fields()) {
      if (layout.containsKey(field) && !required.contains(field) && !files.containsKey(field)) {
        problems.add(
            UploadProblem.part(
                field, "was sent as a text field; send it as a file (with a filename)"));
      } else if (!layout.containsKey(field) && !TEXT_FIELDS.contains(field)) {
        problems.add(
            UploadProblem.field(
                field,
                "is not a field of an upload: the text fields are "
                    + TEXT_FIELDS
                    + ", the "
                    + format
                    + " files "
                    + layout.keySet()));
      }
    }
    if (format == DatasetFormat.IDX
        && files.containsKey("testImages") != files.containsKey("testLabels")) {
      String missing = files.containsKey("testImages") ? "testLabels" : "testImages";
      problems.add(
          UploadProblem.part(
              missing, "is missing: the test pair needs both testImages and testLabels"));
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
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // a leftover scratch folder is harmless
    }
  }
}
