package dev.taper.bench;

import dev.taper.training.family.Network;
import dev.taper.training.family.NetworkFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * The networks of a study's first seed, kept for what comes after the study (the inference
 * benchmark): one folder per arm in {@link NetworkFiles}' layout, beside a copy of the spec file
 * and {@value #MANIFEST}, which names the seed the data were prepared with.
 *
 * <p>A grid arm saves each run that is the best so far by validation accuracy, so the folder ends
 * holding the run the study reports.
 */
final class StudyModels {

  static final String MANIFEST = "study.json";
  static final String SPEC_COPY = "spec.json";

  /** The arms worth keeping: the thin model, its teacher and the deeper baseline. */
  static final List<String> ARMS = List.of("THIN", "WIDE", "DEEPER");

  private final Path directory;

  private StudyModels(Path directory) {
    this.directory = directory;
  }

  static StudyModels none() {
    return new StudyModels(null);
  }

  static StudyModels at(Path directory) {
    return new StudyModels(directory);
  }

  /** Empties the folder and records where the study came from. */
  void begin(Path specFile, String study, long seed) {
    if (directory == null) {
      return;
    }
    try {
      Folders.deleteRecursively(directory);
      Files.createDirectories(directory);
      Files.copy(specFile, directory.resolve(SPEC_COPY), StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(
          directory.resolve(MANIFEST),
          ResultJson.write(Map.of("study", study, "seed", seed, "spec", SPEC_COPY)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + directory + " for the study's models", e);
    }
  }

  /** Saves an arm's network, replacing what the arm saved before; arms not kept are ignored. */
  void save(String arm, Network network) {
    if (directory == null || !ARMS.contains(arm)) {
      return;
    }
    Path armDirectory = directory.resolve(arm);
    try {
      Folders.deleteRecursively(armDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replace " + armDirectory, e);
    }
    NetworkFiles.save(network, armDirectory);
  }
}
