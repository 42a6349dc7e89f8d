package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecDefaults;
import org.junit.jupiter.api.Test;

class StudySelectionTest {

  private static final ExperimentSpec WRITTEN =
      new ExperimentSpec("s", null, null, 4, 1L, null, null, null, null, null, null, null, null);

  @Test
  void aSpecThatLeavesFieldsOutSaysHowTheirDefaultsWereChosen() {
    ExperimentSpec resolved = SpecDefaults.resolve(WRITTEN);

    StudyResult.Selection selection = StudySelection.of(WRITTEN, resolved, StudyTuning.none());

    assertThat(selection.defaultedFields()).contains("imitate.stepsPerLayer");
    assertThat(selection.text())
        .contains("Learning rates were not tuned in this study")
        .contains("fine-tuning's epochs and rate, and WIDE's epochs, by validation accuracy")
        .contains("none by test accuracy")
        .contains("not measured choices");
  }

  @Test
  void aSpecThatSetsEveryFieldSaysSo() {
    ExperimentSpec resolved = SpecDefaults.resolve(WRITTEN);

    StudyResult.Selection selection = StudySelection.of(resolved, resolved, StudyTuning.none());

    assertThat(selection.defaultedFields()).isEmpty();
    assertThat(selection.text()).endsWith("The spec file sets every field itself.");
  }
}
