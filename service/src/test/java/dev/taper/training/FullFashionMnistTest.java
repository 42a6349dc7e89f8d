package dev.taper.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.taper.CiAssumptions;
import dev.taper.dataset.DatasetPreparer;
import dev.taper.dataset.DatasetSplits;
import dev.taper.dataset.RawDataset;
import dev.taper.dataset.TestDatasets;
import dev.taper.training.family.mlp.MlpArchitecture;
import org.junit.jupiter.api.Test;

/**
 * The three stages end to end on all of Fashion-MNIST (Debian's dataset-fashion-mnist; CI installs
 * it and sets TAPER_CI=true, so there a missing dataset fails this test instead of skipping it).
 * Short schedules: this checks the pipeline on real data, the study in benchmarks/ measures the
 * method.
 */
class FullFashionMnistTest {

  @Test
  void wideThenImitateThenFinetuneOnTheFullDataset() {
    RawDataset full =
        CiAssumptions.presentOrFailInCi(
            TestDatasets.fullFashionMnist(), TestDatasets.FULL_FASHION_MNIST_MISSING);
    DatasetSplits data = DatasetPreparer.prepare(full, 3, 0.1, null, null);
    assertThat(data.train().size()).isEqualTo(54_000);
    assertThat(data.test().size()).isEqualTo(10_000);

    MlpArchitecture thin = new MlpArchitecture(784, 4, 16, 10);
    OptimizerConfig adam = OptimizerConfig.ADAM_DEFAULT;
    StageContext context = StageContext.of(data, 3, Device.cpu());
    try (StageOutcome wide = Stages.wide(thin, 4, new TrainConfig(1, 128, adam)).run(context)) {
      assertThat(wide.metrics().testAccuracy()).isGreaterThan(0.8);
      StageOutcome warmed =
          Stages.imitate(thin, EngineFixtures.imitation(100), wide.network()).run(context);
      assertThat(warmed.metrics().testAccuracy()).isGreaterThan(0.5);
      assertThat(warmed.metrics().mergeMaxAbsError()).isLessThan(1e-4);
      try (StageOutcome finetuned =
          Stages.finetune(
                  warmed.network(), new TrainConfig(1, 128, adam), DistillationConfig.NONE, null)
              .run(context)) {
        assertThat(finetuned.metrics().testAccuracy()).isGreaterThan(0.75);
        assertThat(finetuned.metrics().validationAccuracy()).isGreaterThan(0.75);
      }
    }
  }
}
