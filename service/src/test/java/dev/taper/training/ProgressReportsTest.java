package dev.taper.training;

import static dev.taper.training.EngineFixtures.THIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What a stage tells its listener: progress with the learning rate, validation per epoch. */
class ProgressReportsTest {

  @Test
  void aSupervisedStageReportsItsScheduledLearningRateAndEveryEpochsValidation() {
    List<Progress> reports = new CopyOnWriteArrayList<>();
    List<double[]> validations = new CopyOnWriteArrayList<>();
    ProgressListener listener =
        new ProgressListener() {
          @Override
          public void onProgress(Progress progress) {
            reports.add(progress);
          }

          @Override
          public void onValidation(int epoch, double accuracy) {
            validations.add(new double[] {epoch, accuracy});
          }
        };
    TrainConfig config =
        new TrainConfig(3, 32, OptimizerConfig.ADAM_DEFAULT.withLearningRate(2e-3));
    double validationAccuracy;
    try (StageOutcome run =
        Stages.scratch(THIN, config).run(EngineFixtures.context().withProgress(listener))) {
      assertThat(run.metrics().testAccuracy()).isPositive();
      validationAccuracy = run.metrics().validationAccuracy();
    }
    assertThat(reports).isNotEmpty();
    assertThat(reports).allSatisfy(p -> assertThat(p.learningRate()).isBetween(0.0, 2e-3));
    Progress last = reports.get(reports.size() - 1);
    assertThat(last.step()).isEqualTo(last.totalSteps());
    assertThat(last.learningRate())
        .as("the default cosine schedule has decayed by the last step")
        .isLessThan(reports.get(0).learningRate());
    // three epochs' worth of examples runs a few steps into a fourth epoch (each epoch drops its
    // last partial batch), and the network those steps end with is reported too
    assertThat(validations).extracting(v -> (int) v[0]).containsExactly(0, 1, 2, 3);
    assertThat(validations.get(validations.size() - 1)[1]).isEqualTo(validationAccuracy);
    assertThat(validations).allSatisfy(v -> assertThat(v[1]).isBetween(0.0, 1.0));
  }
}
