package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecDefaults;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecPathsTest {

  private static final ExperimentSpec WRITTEN =
      new ExperimentSpec("s", null, null, 4, 1L, null, null, null, null, null, null, null, null);

  @Test
  void flattensASpecToDottedLeaves() {
    Map<String, String> leaves = SpecPaths.leaves(SpecDefaults.resolve(WRITTEN));

    assertThat(leaves)
        .containsEntry("widenFactor", "4")
        .containsEntry("model.family", "mlp")
        .containsEntry("imitate.optimizer.learningRate", "0.001")
        .containsEntry("baselines[1]", "kd")
        .doesNotContainKey("limits.trainExamples");
  }

  @Test
  void listsWhatTheDefaultsFilledIn() {
    List<String> defaulted = SpecPaths.defaulted(WRITTEN, SpecDefaults.resolve(WRITTEN));

    assertThat(defaulted).contains("dataset", "model.depth", "imitate.schedule", "baselines[0]");
    assertThat(defaulted).doesNotContain("name", "widenFactor", "seed");
  }

  @Test
  void countsAnEmptyWrittenArrayAsSetByTheFile() {
    ExperimentSpec none = WRITTEN.withBaselines(List.of());

    List<String> defaulted =
        SpecPaths.defaulted(
            none, SpecDefaults.resolve(none).withBaselines(StudySelection.BASELINES));

    assertThat(defaulted).noneMatch(path -> path.startsWith("baselines"));
  }

  @Test
  void findsTheLeavesThatDifferIgnoringTheName() {
    List<String> differing =
        SpecPaths.differing(
            List.of(
                Map.of("name", "a", "x", "1", "y", "2"),
                Map.of("name", "b", "x", "1", "y", "3", "z", "4")));

    assertThat(differing).containsExactlyInAnyOrder("y", "z");
  }
}
