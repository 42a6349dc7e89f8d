package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.dataset.FashionMnist;
import dev.taper.spec.ExperimentSpec;
import dev.taper.training.family.NetworkFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The study command end to end, from a spec file to the files it writes, on the committed subset.
 */
class StudyCommandTest {

  private static final String SPEC =
      """
      {"name": "command", "dataset": "fashion-mnist", "seed": 5, "device": "cpu",
       "model": {"family": "mlp", "depth": 2, "width": 16}, "widenFactor": 2,
       "wide": {"epochs": 1, "batchSize": 64},
       "imitate": {"stepsPerLayer": 10, "batchSize": 64},
       "finetune": {"epochs": 1, "batchSize": 64},
       "baselines": ["scratch"],
       "limits": {"trainExamples": 1000, "testExamples": 300},
       "study": {"lrGrid": [1e-4, 3e-3], "tuneImitation": true}}
      """;

  @TempDir Path dir;

  private final String dataDirBefore = System.getProperty(FashionMnist.DATA_DIR_PROPERTY);

  @AfterEach
  void restoreDataDir() {
    if (dataDirBefore == null) {
      System.clearProperty(FashionMnist.DATA_DIR_PROPERTY);
    } else {
      System.setProperty(FashionMnist.DATA_DIR_PROPERTY, dataDirBefore);
    }
  }

  @Test
  void writesEveryArmAndSaysHowItsSettingsWereChosen() throws Exception {
    System.setProperty(FashionMnist.DATA_DIR_PROPERTY, StudyFixtures.miniDataset(dir).toString());
    Path spec = Files.writeString(dir.resolve("command.json"), SPEC);
    Path out = dir.resolve("results").resolve("command");

    boolean measured = StudyCommand.run(options(spec, out));

    assertThat(measured).isTrue();
    assertThat(dir.resolve("results/command.md")).exists();
    assertThat(dir.resolve("results/command.svg")).exists();
    JsonNode result =
        ResultJson.MAPPER.readTree(Files.readString(dir.resolve("results/command.json")));
    List<String> arms =
        result.path("arms").valueStream().map(a -> a.path("arm").asString()).toList();
    assertThat(arms).containsExactlyInAnyOrder("WIDE", "WARMED", "THIN", "SCRATCH", "KD", "DEEPER");
    // The file asked for SCRATCH only; what the result records is what ran.
    assertThat(result.path("spec").path("baselines").valueStream().map(JsonNode::asString))
        .containsExactly("scratch", "kd", "deeper");
    JsonNode selection = result.path("selection");
    assertThat(selection.path("text").asString())
        .contains("The spec file lists the baselines [scratch]; a study trains all three")
        .contains("imitation is swept over the grid too");
    assertThat(selection.path("imitation_tuned").asBoolean()).isTrue();
    assertThat(selection.path("wide_tuned").asBoolean()).isFalse();
    JsonNode warmed = StudyFixtures.armNode(result, "WARMED");
    assertThat(warmed.path("seeds").get(0).path("grid")).hasSize(2);
    assertThat(warmed.path("seeds").get(0).path("validation_by_epoch")).as("no epochs").isEmpty();
    for (String supervised : List.of("WIDE", "THIN", "SCRATCH")) {
      JsonNode seed = StudyFixtures.armNode(result, supervised).path("seeds").get(0);
      List<Double> curve =
          seed.path("validation_by_epoch").valueStream().map(JsonNode::asDouble).toList();
      // without early stopping the last epoch's network is the model measured
      assertThat(curve).as(supervised).isNotEmpty();
      assertThat(curve.get(curve.size() - 1))
          .as(supervised)
          .isEqualTo(seed.path("validation_accuracy").asDouble());
    }
    assertThat(
            StudyFixtures.armNode(result, "THIN").path("seeds").get(0).path("validation_by_epoch"))
        .as("fine-tuning's one epoch")
        .hasSize(1);
    assertThat(StudyJournal.directoryFor(out)).doesNotExist();
  }

  @Test
  void aKilledStudyResumesFromItsJournalAndWritesWhatAnUnbrokenRunWrites() throws Exception {
    Path data = StudyFixtures.miniDataset(dir);
    System.setProperty(FashionMnist.DATA_DIR_PROPERTY, data.toString());
    Path spec = Files.writeString(dir.resolve("command.json"), SPEC);
    Path unbroken = dir.resolve("unbroken").resolve("command");
    Path resumed = dir.resolve("resumed").resolve("command");
    Path unbrokenModels = dir.resolve("unbroken-models");
    Path resumedModels = dir.resolve("resumed-models");
    StudyCommand.run(options(spec, unbroken, unbrokenModels));
    journalAsAKillLeavesIt(
        spec, resumed, data, List.of("WIDE", "IMITATE_lr_1e-4", "IMITATE_lr_3e-3"));

    boolean measured = StudyCommand.run(options(spec, resumed, resumedModels));

    assertThat(measured).isTrue();
    JsonNode expected = read(unbroken);
    JsonNode actual = read(resumed);
    assertThat(withoutTimes(actual.path("arms"))).isEqualTo(withoutTimes(expected.path("arms")));
    assertThat(actual.path("imitation")).isEqualTo(expected.path("imitation"));
    assertThat(actual.path("teacher")).isEqualTo(expected.path("teacher"));
    assertThat(actual.path("warnings").valueStream().map(JsonNode::asString))
        .anyMatch(w -> w.startsWith("resumed after an interruption: 3 runs were read back"));
    assertThat(replayedArms(actual)).containsExactly("WIDE", "WARMED", "THIN");
    assertThat(replayedArms(expected)).isEmpty();
    assertThat(StudyJournal.directoryFor(resumed)).doesNotExist();
    for (String arm : StudyModels.ARMS) {
      Path parameters = Path.of(arm, NetworkFiles.PARAMETERS_FILE);
      assertThat(
              Files.mismatch(unbrokenModels.resolve(parameters), resumedModels.resolve(parameters)))
          .as("%s's saved parameters", arm)
          .isEqualTo(-1L);
    }
  }

  @Test
  void anAblationTakesTheRunsItSharesFromAKeptJournalAndWritesWhatTrainingThemWould()
      throws Exception {
    System.setProperty(FashionMnist.DATA_DIR_PROPERTY, StudyFixtures.miniDataset(dir).toString());
    Path spec = Files.writeString(dir.resolve("command.json"), SPEC);
    // the head phase's temperature: imitation's recipe changes, and nothing else's
    Path ablationSpec =
        Files.writeString(
            dir.resolve("ablation.json"),
            SPEC.replace("\"name\": \"command\"", "\"name\": \"ablation\"")
                .replace(
                    "\"stepsPerLayer\": 10,", "\"stepsPerLayer\": 10, \"headTemperature\": 2,"));
    Path base = dir.resolve("base").resolve("command");
    Path reused = dir.resolve("reused").resolve("ablation");
    Path trained = dir.resolve("trained").resolve("ablation");

    StudyCommand.run(
        StudyOptions.parse(
            new String[] {
              spec.toString(),
              "--seeds",
              "1",
              "--out",
              base.toString(),
              "--no-models",
              "--keep-journal"
            }));
    assertThat(StudyJournal.directoryFor(base).resolve(StudyJournal.IDENTITY_FILE)).exists();
    boolean measured =
        StudyCommand.run(
            StudyOptions.parse(
                new String[] {
                  ablationSpec.toString(),
                  "--seeds",
                  "1",
                  "--out",
                  reused.toString(),
                  "--no-models",
                  "--reuse",
                  base.toString(),
                  "--reuse-across-revisions"
                }));
    StudyCommand.run(options(ablationSpec, trained));

    assertThat(measured).isTrue();
    JsonNode expected = read(trained);
    JsonNode actual = read(reused);
    assertThat(withoutTimes(actual.path("arms"))).isEqualTo(withoutTimes(expected.path("arms")));
    assertThat(actual.path("imitation")).isEqualTo(expected.path("imitation"));
    // WIDE once, and each baseline at both rates of the grid
    assertThat(replayedArms(actual)).containsExactly("WIDE", "SCRATCH", "KD", "DEEPER");
    assertThat(actual.path("warnings").valueStream().map(JsonNode::asString))
        .anyMatch(
            w ->
                w.startsWith(
                    "reused runs: 7 runs were not trained for this study but taken"
                        + " from command ("));
    assertThat(StudyJournal.directoryFor(reused)).doesNotExist();
  }

  /**
   * Runs the study's one seed with a journal at {@code out}, then forgets every run but {@code
   * kept}: what a kill after those runs leaves behind.
   */
  private void journalAsAKillLeavesIt(Path spec, Path out, Path data, List<String> kept)
      throws Exception {
    StudyOptions options = options(spec, out);
    StudySpecFile file = StudySpecFile.read(spec);
    ExperimentSpec given = StudyCommand.given(file, options);
    ExperimentSpec resolved = StudyCommand.resolve(given);
    StudyTuning tuning = StudyCommand.tuning(file, options);
    Machine machine = Machine.describe();
    StudyRecorder recorder =
        new StudyRecorder(resolved, 1, machine, "now", StudySelection.of(given, resolved, tuning));
    ConsoleProgress quiet = new ConsoleProgress(new PrintStream(new ByteArrayOutputStream()));
    try (StudyJournal journal = StudyJournal.open(out, resolved, tuning, machine, false)) {
      new SeedRunner(resolved, tuning, quiet, StudyModels.none(), journal)
          .run(FashionMnist.load(data), 0, 1, resolved.seed(), recorder);
    }
    Path seed = StudyJournal.directoryFor(out).resolve("seed-" + resolved.seed());
    try (Stream<Path> runs = Files.list(seed)) {
      for (Path run : runs.toList()) {
        if (!kept.contains(run.getFileName().toString())) {
          Folders.deleteRecursively(run);
        }
      }
    }
    try (Stream<Path> runs = Files.list(seed)) {
      assertThat(runs.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(kept);
    }
  }

  private static StudyOptions options(Path spec, Path out) {
    return options(spec, out, null);
  }

  private static StudyOptions options(Path spec, Path out, Path models) {
    return new StudyOptions(spec, 1, out, List.of(), models, null, false, false, List.of(), false);
  }

  private static JsonNode read(Path out) throws Exception {
    return ResultJson.MAPPER.readTree(
        Files.readString(out.resolveSibling(out.getFileName() + ".json")));
  }

  /** The arms whose wall time, in some seed, a journal recorded. */
  private static List<String> replayedArms(JsonNode result) {
    return result
        .path("arms")
        .valueStream()
        .filter(a -> a.path("seeds").valueStream().anyMatch(s -> s.path("replayed").asBoolean()))
        .map(a -> a.path("arm").asString())
        .toList();
  }

  /**
   * The arms without the figures that depend on the machine's load rather than the seed, or on
   * whether a run was read back.
   */
  private static JsonNode withoutTimes(JsonNode arms) {
    JsonNode copy = arms.deepCopy();
    for (JsonNode arm : copy) {
      ((ObjectNode) arm).remove("wall_seconds_mean");
      for (JsonNode seed : arm.path("seeds")) {
        ((ObjectNode) seed)
            .remove(List.of("wall_seconds", "train_seconds", "samples_per_second", "replayed"));
      }
    }
    return copy;
  }
}
