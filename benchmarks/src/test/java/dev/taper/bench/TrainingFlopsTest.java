package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.training.ModelMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingFlopsTest {

  private static final ModelMetrics TEACHER = metrics(8000, 0);

  @Test
  void aStageCostsWhatTheEngineCounted() {
    ModelMetrics counted = metrics(2000, 4.2e7);

    assertThat(TrainingFlops.training(counted)).isEqualTo(4.2e7);
    assertThat(TrainingFlops.taughtBy(TEACHER).applyAsDouble(counted)).isEqualTo(4.2e7);
  }

  @Test
  void aJournalWrittenBeforeTheCountIsCostedAsStudiesCostedItThen() {
    ModelMetrics legacy = metrics(2000, 0);

    // three forward passes for each of the 5,000 examples, and the teacher's one when it taught
    assertThat(TrainingFlops.training(legacy)).isEqualTo(3.0 * 2000 * 5000);
    assertThat(TrainingFlops.taughtBy(TEACHER).applyAsDouble(legacy))
        .isEqualTo((3.0 * 2000 + 8000) * 5000);
  }

  private static ModelMetrics metrics(long flopsPerExample, double trainingFlops) {
    return new ModelMetrics(
        0.85,
        0.4,
        0.84,
        1000,
        flopsPerExample,
        4096,
        10,
        1000,
        5000,
        trainingFlops,
        List.of(),
        List.of(),
        Double.NaN,
        Double.NaN,
        List.of());
  }
}
