package dev.taper.training.family;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.taper.training.EngineFixtures;
import dev.taper.training.OptimizerConfig;
import dev.taper.training.StageOutcome;
import dev.taper.training.Stages;
import dev.taper.training.TrainConfig;
import dev.taper.training.loop.DeviceSplits;
import dev.taper.training.loop.Evaluation;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A trained ResNet or Transformer saved and loaded evaluates exactly as before. */
class FamilySaveLoadTest {

  static Stream<Architecture> families() {
    return Stream.of(FamilyFixtures.RESNET, FamilyFixtures.TRANSFORMER);
  }

  @ParameterizedTest
  @MethodSource("families")
  void aLoadedModelHasTheSameParametersStateAndAccuracy(
      Architecture architecture, @TempDir Path directory) {
    TrainConfig short_ = new TrainConfig(0.5, 64, OptimizerConfig.ADAM_DEFAULT);
    try (StageOutcome trained =
        Stages.scratch(architecture, short_).run(EngineFixtures.context())) {
      NetworkFiles.save(trained.network(), directory);
      try (Network loaded = NetworkFiles.load(directory, Device.cpu())) {
        assertThat(loaded.architecture()).isEqualTo(architecture);
        List<float[]> before = EngineFixtures.parameterValues(trained.network());
        List<float[]> after = EngineFixtures.parameterValues(loaded);
        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
          assertThat(after.get(i)).as("parameter or state %d", i).containsExactly(before.get(i));
        }
        try (DeviceSplits splits =
            DeviceSplits.upload(EngineFixtures.data(), architecture.inputShape(), Device.cpu())) {
          assertThat(Evaluation.of(loaded, splits.test()).accuracy())
              .isEqualTo(trained.metrics().testAccuracy());
        }
      }
    }
  }
}
