package dev.taper.bench;

import ai.djl.Device;
import dev.taper.spec.ExperimentSpec;
import dev.taper.training.ModelMetrics;
import dev.taper.training.StageOutcome;
import dev.taper.training.family.Network;
import dev.taper.training.family.NetworkFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every run a study finished (one stage at one learning rate of one seed), kept on disk so that a
 * study that is killed resumes where it stopped instead of starting over: a run the journal holds
 * is read back (its metrics, its wall time, and its network, reloaded from its saved parameters,
 * BatchNorm statistics included) instead of trained again. Every stage seeds its own random
 * numbers, so a resumed study writes the same figures as one that ran without a break. A run that
 * failed is not kept: a resumed study tries it again.
 *
 * <p>The journal lives beside the results ({@code <out>.journal/}) and is deleted once every seed
 * is done. It records which study wrote it: the resolved spec, the tuning, and the machine's fields
 * that decide the kernels and the numbers (CPU model and flags, ISA caps, thread settings, engine
 * versions, source revision; not the heap, the kernel or the JVM). A study that differs in any of
 * them refuses to resume from it, naming the fields, rather than mix two studies' runs. A run is
 * written to a temporary folder, flushed to disk and renamed into place, so a kill or a power cut
 * while writing leaves no half record; a record that cannot be read is dropped and its run trained
 * again. One process at a time holds the journal (a file lock).
 *
 * <p>Every record names its run's {@link RunRecipe}, so that another study can take the run instead
 * of training it ({@link ReusableRuns}, {@link #adopt}); a run taken so is kept here like one
 * trained here, with the journal it came from. A journal is deleted once every seed is done, unless
 * the study keeps it for others to reuse.
 */
final class StudyJournal implements AutoCloseable {

  static final String SUFFIX = ".journal";
  static final String IDENTITY_FILE = "study.json";
  private static final String LOCK_FILE = "lock";
  static final String RUN_FILE = "run.json";
  static final String NETWORK_FOLDER = "network";
  static final String PARTIAL = ".partial";

  /** Machine fields that do not change what a run computes, so a resume may differ in them. */
  private static final List<String> MACHINE_FIELDS_IGNORED =
      List.of("cores", "os", "java", "max_heap_mib", "load_average_at_start");

  // Not ResultJson's dialect: a run's metrics must come back exactly, NaN included.
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path directory;
  private final FileChannel lockChannel;
  private int replayed;
  private int reused;
  private final SortedSet<String> reusedFrom = new TreeSet<>();

  private StudyJournal(Path directory, FileChannel lockChannel) {
    this.directory = directory;
    this.lockChannel = lockChannel;
  }

  /** A journal that keeps nothing, for callers that need no resuming. */
  static StudyJournal none() {
    return new StudyJournal(null, null);
  }

  /**
   * Opens the journal for the results at {@code out}: a new one, or the one an interrupted run of
   * the same study left there. Close it to let another process take it.
   *
   * @param fresh discard a journal that is there instead of resuming from it
   * @throws StudyException when the journal there was written by a different study, or another
   *     process holds it
   */
  static StudyJournal open(
      Path out, ExperimentSpec spec, StudyTuning tuning, Machine machine, boolean fresh) {
    Path directory = directoryFor(out);
    JsonNode identity = identity(spec, tuning, machine);
    FileChannel lock = null;
    try {
      Files.createDirectories(directory);
      lock = lock(directory);
      Path identityFile = directory.resolve(IDENTITY_FILE);
      JsonNode recorded = fresh ? null : readIdentity(identityFile);
      if (recorded == null) {
        clearExceptLock(directory);
        Path partial = directory.resolve(IDENTITY_FILE + PARTIAL);
        Files.writeString(partial, JSON.writeValueAsString(identity));
        Folders.sync(partial);
        Files.move(partial, identityFile, StandardCopyOption.ATOMIC_MOVE);
        Folders.syncDirectory(directory);
      } else {
        List<String> differ = differences(recorded, identity, "spec", "tuning", "machine");
        if (!differ.isEmpty()) {
          throw new StudyException(
              "the journal at "
                  + directory
                  + " was left by a different study (it differs in "
                  + String.join(", ", differ)
                  + "): pass --fresh to discard it, or write this study elsewhere with --out");
        }
        removePartialRecords(directory);
      }
      return new StudyJournal(directory, lock);
    } catch (IOException e) {
      closeQuietly(lock);
      throw new UncheckedIOException("cannot open the study journal at " + directory, e);
    } catch (RuntimeException e) {
      closeQuietly(lock);
      throw e;
    }
  }

  static Path directoryFor(Path out) {
    return out.resolveSibling(out.getFileName() + SUFFIX);
  }

  /** Where the journal is, or empty when it keeps nothing. */
  Optional<Path> directory() {
    return Optional.ofNullable(directory);
  }

  /** How many runs this study had trained, before an interruption, that this process read back. */
  int replayed() {
    return replayed;
  }

  /** How many runs this process took from other studies' journals, or read back after taking. */
  int reused() {
    return reused;
  }

  /** The journals those runs came from, as {@link ReusableRuns} describes them. */
  List<String> reusedFrom() {
    return List.copyOf(reusedFrom);
  }

  /**
   * The wall seconds of every run this study trained that the journal holds: the work this process
   * will not redo. A record that cannot be read is dropped here.
   */
  double recordedWallSeconds() {
    if (directory == null) {
      return 0;
    }
    double seconds = 0;
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(f -> f.getFileName().toString().equals(RUN_FILE)).toList()) {
        Optional<Entry> entry = read(file);
        if (entry.isPresent()) {
          // a run taken from another study cost this one nothing
          double wall = entry.get().reusedFrom() == null ? entry.get().wallSeconds() : 0;
          seconds += Double.isFinite(wall) ? wall : 0;
        } else {
          Folders.deleteRecursively(file.getParent());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the study journal at " + directory, e);
    }
    return seconds;
  }

  /**
   * The run the journal holds for this seed and stage, with its network reloaded; empty when it
   * holds none.
   *
   * @throws RuntimeException when the record is there but cannot be read back (the caller trains
   *     the run again, and its new record replaces the old)
   */
  Optional<StageRun> replay(long seed, String stage, RunRecipe recipe) {
    if (directory == null) {
      return Optional.empty();
    }
    Path runDirectory = runDirectory(seed, stage);
    Path runFile = runDirectory.resolve(RUN_FILE);
    if (!Files.exists(runFile)) {
      return Optional.empty();
    }
    Entry entry =
        read(runFile)
            .filter(e -> stage.equals(e.stage()) && e.metrics() != null)
            .orElseThrow(() -> new IllegalStateException(runFile + " is not a record of " + stage));
    // a record written before records named their recipes is this study's, by the journal's
    // identity
    if (entry.recipe() != null && !recipe.equals(new RunRecipe(entry.recipe()))) {
      throw new IllegalStateException(runFile + " was recorded for another recipe");
    }
    StageRun run = load(runDirectory, entry);
    if (entry.reusedFrom() == null) {
      replayed++;
    } else {
      reused++;
      reusedFrom.add(entry.reusedFrom());
    }
    return Optional.of(run);
  }

  /**
   * Takes a run another study's journal holds for the same recipe: keeps a copy here, under this
   * study's name for it, and hands it back with its network loaded.
   */
  StageRun adopt(long seed, String stage, RunRecipe recipe, ReusableRuns.Found found) {
    Path target = runDirectory(seed, stage);
    Entry source = found.entry();
    Entry entry =
        new Entry(
            stage,
            source.wallSeconds(),
            source.metrics(),
            source.validationByEpoch(),
            recipe.json(),
            found.source());
    if (directory != null) {
      write(
          target,
          partial -> {
            Folders.copyRecursively(
                found.runDirectory().resolve(NETWORK_FOLDER), partial.resolve(NETWORK_FOLDER));
            return entry;
          });
    }
    Path from = directory == null ? found.runDirectory() : target;
    StageRun run = load(from, entry);
    reused++;
    reusedFrom.add(found.source());
    return run;
  }

  private static StageRun load(Path runDirectory, Entry entry) {
    Network network = NetworkFiles.load(runDirectory.resolve(NETWORK_FOLDER), Device.cpu());
    return new StageRun(
        new StageOutcome(network, entry.metrics()),
        entry.wallSeconds(),
        entry.validationByEpoch(),
        null,
        true);
  }

  /** Keeps a run that finished; a failed run is not kept. Its network stays open for the caller. */
  void record(long seed, String stage, RunRecipe recipe, StageRun run) {
    if (directory == null || !run.ok()) {
      return;
    }
    write(
        runDirectory(seed, stage),
        partial -> {
          NetworkFiles.save(run.outcome().network(), partial.resolve(NETWORK_FOLDER));
          return new Entry(
              stage,
              run.wallSeconds(),
              run.metrics(),
              run.validationByEpoch(),
              recipe.json(),
              null);
        });
  }

  /** What goes into a record's folder besides its {@code run.json}. */
  private interface RecordContents {
    Entry writeInto(Path partial) throws IOException;
  }

  /** Writes a record into a temporary folder, flushed to disk, then renames it into place. */
  private void write(Path target, RecordContents contents) {
    Path partial = target.resolveSibling(target.getFileName() + PARTIAL);
    try {
      Folders.deleteRecursively(partial);
      Files.createDirectories(partial);
      Entry entry = contents.writeInto(partial);
      Files.writeString(partial.resolve(RUN_FILE), JSON.writeValueAsString(entry));
      Folders.sync(partial);
      Folders.deleteRecursively(target);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      Folders.syncDirectory(target.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record " + target + " in " + directory, e);
    }
  }

  /**
   * The study finished, and its results hold everything it measured: deletes the journal, or, when
   * {@code keep}, leaves it for other studies to take runs from.
   */
  void finish(boolean keep) {
    if (directory == null) {
      return;
    }
    close();
    if (keep) {
      return;
    }
    try {
      Folders.deleteRecursively(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the study journal at " + directory, e);
    }
  }

  /** Lets another process take the journal; what it holds stays. */
  @Override
  public void close() {
    closeQuietly(lockChannel);
  }

  private Path runDirectory(long seed, String stage) {
    return directory.resolve("seed-" + seed).resolve(stage.replaceAll("[^A-Za-z0-9.+-]", "_"));
  }

  /**
   * One finished run: what the study needs of it besides its network. A field a record was written
   * without is null: {@code validationByEpoch} and {@code recipe} in records older than they are.
   *
   * @param reusedFrom the journal the run was taken from; null for a run trained for this study
   */
  record Entry(
      String stage,
      double wallSeconds,
      ModelMetrics metrics,
      List<Double> validationByEpoch,
      JsonNode recipe,
      String reusedFrom) {}

  /** A run's record, or empty when it cannot be read. */
  static Optional<Entry> read(Path runFile) {
    try {
      return Optional.of(JSON.readValue(Files.readString(runFile), Entry.class));
    } catch (IOException | JacksonException e) {
      return Optional.empty();
    }
  }

  /** What the journal's study was; read back from text, as the recorded one is. */
  private static JsonNode identity(ExperimentSpec spec, StudyTuning tuning, Machine machine) {
    ObjectNode identity = JSON.createObjectNode();
    identity.set("spec", JSON.valueToTree(spec));
    identity.set("tuning", JSON.valueToTree(tuning));
    identity.set("machine", machineFields(machine));
    // a tree built from Java values types its numbers apart from a parsed one (a long 5 is not an
    // int 5 to JsonNode.equals), so compare parsed with parsed
    return JSON.readTree(JSON.writeValueAsString(identity));
  }

  /**
   * The identity's machine section alone, as a recorded identity reads back: what {@link
   * #differences} compares for {@code "machine"}.
   */
  static JsonNode machineIdentity(Machine machine) {
    ObjectNode identity = JSON.createObjectNode();
    identity.set("machine", machineFields(machine));
    return JSON.readTree(JSON.writeValueAsString(identity));
  }

  /** The machine's fields that decide what a run computes. */
  private static ObjectNode machineFields(Machine machine) {
    ObjectNode machineNode = JSON.valueToTree(machine);
    machineNode.remove(MACHINE_FIELDS_IGNORED);
    return machineNode;
  }

  /** The recorded identity, or null when there is none or it cannot be read (a new journal). */
  static JsonNode readIdentity(Path identityFile) throws IOException {
    if (!Files.exists(identityFile)) {
      return null;
    }
    try {
      return JSON.readTree(Files.readString(identityFile));
    } catch (JacksonException e) {
      return null;
    }
  }

  /** The fields, as {@code section.field}, in which two identities differ. */
  static List<String> differences(JsonNode recorded, JsonNode current, String... sections) {
    List<String> differ = new ArrayList<>();
    for (String section : sections) {
      JsonNode was = recorded.path(section);
      JsonNode is = current.path(section);
      TreeSet<String> fields = new TreeSet<>(was.propertyNames());
      fields.addAll(is.propertyNames());
      for (String field : fields) {
        if (!was.path(field).equals(is.path(field))) {
          differ.add(section + "." + field);
        }
      }
    }
    return differ;
  }

  private static FileChannel lock(Path directory) throws IOException {
    FileChannel channel =
        FileChannel.open(
            directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new StudyException(
          "another process is running this study into "
              + directory
              + ": wait for it, stop it, or write this study elsewhere with --out");
    }
    return channel;
  }

  private static void clearExceptLock(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path entry : entries.toList()) {
        if (!entry.getFileName().toString().equals(LOCK_FILE)) {
          Folders.deleteRecursively(entry);
        }
      }
    }
  }

  private static void removePartialRecords(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory, 2)) {
      for (Path partial :
          paths.filter(p -> p.getFileName().toString().endsWith(PARTIAL)).toList()) {
        Folders.deleteRecursively(partial);
      }
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing releases the lock; a channel that cannot close is released when the process ends
    }
  }
}
