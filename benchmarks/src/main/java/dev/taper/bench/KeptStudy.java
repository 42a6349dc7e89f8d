package dev.taper.bench;

import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A study's kept networks as {@link StudyModels} left them: the folder, the study's name, the seed
 * its data were prepared with, its spec (defaults filled in) and the arms present.
 */
record KeptStudy(Path directory, String study, long seed, ExperimentSpec spec, List<String> arms) {

  KeptStudy {
    arms = List.copyOf(arms);
  }

  static boolean isKept(Path directory) {
    return Files.isRegularFile(directory.resolve(StudyModels.MANIFEST));
  }

  static KeptStudy read(Path directory) {
    Path manifest = directory.resolve(StudyModels.MANIFEST);
    try {
      JsonNode root = ResultJson.MAPPER.readTree(Files.readString(manifest));
      ExperimentSpec spec =
          SpecDefaults.resolve(
              StudySpecFile.read(directory.resolve(root.path("spec").asString())).spec());
      List<String> arms =
          StudyModels.ARMS.stream()
              .filter(arm -> Files.isDirectory(directory.resolve(arm)))
              .toList();
      return new KeptStudy(
          directory, root.path("study").asString(), root.path("seed").asLong(), spec, arms);
    } catch (IOException e) {
      throw new StudyException("cannot read " + manifest + ": " + e.getMessage());
    }
  }

  Path arm(String arm) {
    return directory.resolve(arm);
  }
}
