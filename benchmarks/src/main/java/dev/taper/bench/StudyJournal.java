package dev.taper.bench;

import ai.djl.Device;
import dev.taper.spec.ExperimentSpec;
import dev.taper.training.ModelMetrics;
import dev.taper.training.StageOutcome;
import dev.taper.training.family.Network;
import dev.taper.training.family.NetworkFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every finished run of a study (one stage at one learning rate of one seed), kept on disk so that
 * a study that is killed resumes where it stopped instead of starting over: a run the journal holds
 * is read back (its metrics, its wall time, and its network, reloaded from its saved parameters)
 * instead of trained again. Every stage seeds its own random numbers, so a resumed study writes the
 * same figures as one that ran without a break.
 *
 * <p>The journal lives beside the results ({@code <out>.journal/}) and is deleted once every seed
 * is done. It records which study wrote it (the resolved spec, the tuning and the machine, load
 * average aside, which holds the source revision and the CPU flags that decide the kernels); a
 * study that differs in any of them refuses to resume from it rather than mix two studies' runs. A
 * run is written to a temporary folder and renamed into place, so a kill while writing leaves no
 * half record.
 */
final class StudyJournal {

  static final String SUFFIX = ".journal";
  static final String IDENTITY_FILE = "study.json";
  private static final String RUN_FILE = "run.json";
  private static final String NETWORK_FOLDER = "network";
  private static final String PARTIAL = ".partial";

  // Not ResultJson's dialect: a run's metrics must come back exactly, NaN included.
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path directory;
  private int replayed;

  private StudyJournal(Path directory) {
    this.directory = directory;
  }

  /** A journal that keeps nothing, for callers that need no resuming. */
  static StudyJournal none() {
    return new StudyJournal(null);
  }

  /**
   * Opens the journal for the results at {@code out}: a new one, or the one an interrupted run of
   * the same study left there.
   *
   * @param fresh discard a journal that is there instead of resuming from it
   * @throws StudyException when the journal there was written by a different study
   */
  static StudyJournal open(
      Path out, ExperimentSpec spec, StudyTuning tuning, Machine machine, boolean fresh) {
    Path directory = directoryFor(out);
    Identity identity = new Identity(spec, tuning, machine.withoutLoadAverage());
    try {
      if (fresh) {
        Folders.deleteRecursively(directory);
      }
      Path identityFile = directory.resolve(IDENTITY_FILE);
      if (Files.exists(identityFile)) {
        String differs = differences(JSON.readTree(Files.readString(identityFile)), identity);
        if (!differs.isEmpty()) {
          throw new StudyException(
              "the journal at "
                  + directory
                  + " was left by a different study ("
                  + differs
                  + " differ): pass --fresh to discard it, or write this study elsewhere with"
                  + " --out");
        }
        removePartialRecords(directory);
      } else {
        Folders.deleteRecursively(directory);
        Files.createDirectories(directory);
        Files.writeString(identityFile, JSON.writeValueAsString(identity));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the study journal at " + directory, e);
    }
    return new StudyJournal(directory);
  }

  static Path directoryFor(Path out) {
    return out.resolveSibling(out.getFileName() + SUFFIX);
  }

  /** Where the journal is, or empty when it keeps nothing. */
  Optional<Path> directory() {
    return Optional.ofNullable(directory);
  }

  /** How many runs this process read back instead of training. */
  int replayed() {
    return replayed;
  }

  /** The wall seconds of every run the journal holds: the work this process did not redo. */
  double recordedWallSeconds() {
    if (directory == null) {
      return 0;
    }
    double seconds = 0;
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(f -> f.getFileName().toString().equals(RUN_FILE)).toList()) {
        double wall = JSON.readValue(Files.readString(file), Entry.class).wallSeconds();
        seconds += Double.isFinite(wall) ? wall : 0;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the study journal at " + directory, e);
    }
    return seconds;
  }

  /**
   * The run the journal holds for this seed and stage, with its network reloaded; empty when it
   * holds none.
   */
  Optional<StageRun> replay(long seed, String stage) {
    if (directory == null) {
      return Optional.empty();
    }
    Path runDirectory = runDirectory(seed, stage);
    Path runFile = runDirectory.resolve(RUN_FILE);
    if (!Files.exists(runFile)) {
      return Optional.empty();
    }
    Entry entry;
    try {
      entry = JSON.readValue(Files.readString(runFile), Entry.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + runFile, e);
    }
    replayed++;
    if (entry.error() != null) {
      return Optional.of(StageRun.failed(entry.error()));
    }
    Network network = NetworkFiles.load(runDirectory.resolve(NETWORK_FOLDER), Device.cpu());
    return Optional.of(
        new StageRun(new StageOutcome(network, entry.metrics()), entry.wallSeconds(), null));
  }

  /** Keeps a finished run, failed or not; its network stays open for the caller. */
  void record(long seed, String stage, StageRun run) {
    if (directory == null) {
      return;
    }
    Path target = runDirectory(seed, stage);
    Path partial = target.resolveSibling(target.getFileName() + PARTIAL);
    try {
      Folders.deleteRecursively(partial);
      Files.createDirectories(partial);
      if (run.ok()) {
        NetworkFiles.save(run.outcome().network(), partial.resolve(NETWORK_FOLDER));
      }
      Entry entry =
          new Entry(stage, run.wallSeconds(), run.error(), run.ok() ? run.metrics() : null);
      Files.writeString(partial.resolve(RUN_FILE), JSON.writeValueAsString(entry));
      Folders.deleteRecursively(target);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record " + stage + " in " + directory, e);
    }
  }

  /** Deletes the journal: the study finished, and its results hold everything it kept. */
  void finish() {
    if (directory == null) {
      return;
    }
    try {
      Folders.deleteRecursively(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the study journal at " + directory, e);
    }
  }

  private Path runDirectory(long seed, String stage) {
    return directory.resolve("seed-" + seed).resolve(stage.replaceAll("[^A-Za-z0-9.+-]", "_"));
  }

  /** What the journal's study was: a study resumes only from its own journal. */
  private record Identity(ExperimentSpec spec, StudyTuning tuning, Machine machine) {}

  /** One finished run: its metrics, or the reason it failed. */
  private record Entry(String stage, double wallSeconds, String error, ModelMetrics metrics) {}

  private static String differences(JsonNode recorded, Identity identity) {
    // read back from text, as the recorded one was: a tree built from Java values types its numbers
    // differently (a long 5 is not an int 5 to JsonNode.equals)
    JsonNode current = JSON.readTree(JSON.writeValueAsString(identity));
    List<String> differ = new ArrayList<>();
    for (String part : List.of("spec", "tuning", "machine")) {
      if (!recorded.path(part).equals(current.path(part))) {
        differ.add(
            switch (part) {
              case "spec" -> "the resolved spec";
              case "tuning" -> "the learning-rate grid or what it tunes";
              default -> "the machine, source revision or thread settings";
            });
      }
    }
    return String.join(" and ", differ);
  }

  private static void removePartialRecords(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory, 2)) {
      for (Path partial :
          paths.filter(p -> p.getFileName().toString().endsWith(PARTIAL)).toList()) {
        Folders.deleteRecursively(partial);
      }
    }
  }
}
