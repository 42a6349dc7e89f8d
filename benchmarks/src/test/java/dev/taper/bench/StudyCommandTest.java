package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.dataset.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

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

    boolean measured = StudyCommand.run(new StudyOptions(spec, 1, out, List.of(), null, null));

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
    JsonNode warmed =
        result
            .path("arms")
            .valueStream()
            .filter(a -> a.path("arm").asString().equals("WARMED"))
            .findFirst()
            .orElseThrow();
    assertThat(warmed.path("seeds").get(0).path("grid")).hasSize(2);
  }
}
