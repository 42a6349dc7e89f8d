package dev.taper.training.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.taper.training.EngineFixtures;
import dev.taper.training.StageOutcome;
import dev.taper.training.loop.DeviceSplits;
import dev.taper.training.loop.Evaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkFilesTest {

  @Test
  void aLoadedModelEvaluatesToExactlyTheRecordedAccuracy(@TempDir Path directory) {
    StageOutcome wide = EngineFixtures.teacher();
    NetworkFiles.save(wide.network(), directory);
    assertThat(directory.resolve(NetworkFiles.PARAMETERS_FILE)).exists();
    assertThat(directory.resolve(NetworkFiles.ARCHITECTURE_FILE)).exists();

    try (Network loaded = NetworkFiles.load(directory, Device.cpu());
        DeviceSplits splits =
            DeviceSplits.upload(
                EngineFixtures.data(), loaded.architecture().inputShape(), Device.cpu())) {
      assertThat(loaded.architecture()).isEqualTo(wide.network().architecture());
      Evaluation test = Evaluation.of(loaded, splits.test());
      assertThat(test.accuracy()).isEqualTo(wide.metrics().testAccuracy());
      assertThat(test.loss()).isEqualTo(wide.metrics().testLoss());
    }
  }

  @Test
  void aMissingArchitectureIsReportedWithItsPath(@TempDir Path directory) throws Exception {
    Files.writeString(directory.resolve("other.txt"), "x");
    assertThatThrownBy(() -> NetworkFiles.load(directory, Device.cpu()))
        .hasMessageContaining(directory.toString());
  }
}
