package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The imitation-speed benchmark on a small MLP, without any dataset. */
class ImitationSpeedTest {

  @TempDir Path dir;

  @Test
  void timesBothSchedulesAgainstTheSupervisedLoopOnTheSameExamples() throws IOException {
    Path spec = dir.resolve("small.json");
    Files.writeString(
        spec,
        """
        {"name": "small", "dataset": "fashion-mnist",
         "model": {"family": "mlp", "depth": 3, "width": 8}, "widenFactor": 2,
         "imitate": {"stepsPerLayer": 500, "schedule": "joint", "batchSize": 64,
                     "varianceWeight": 0.1, "decorrelationWeight": 0.1}}
        """);
    ImitationSpeedSettings settings =
        ImitationSpeedSettings.parse(
            new String[] {
              "--spec",
              spec.toString(),
              "--steps-per-layer",
              "2",
              "--runs",
              "2",
              "--out",
              dir.resolve("speed.json").toString()
            });

    ImitationSpeedResult result = ImitationSpeed.measure(settings);

    assertThat(result.spec()).isEqualTo("small");
    assertThat(result.layers()).isEqualTo(3);
    // two steps for each of three layers and the head, at the spec's batch
    assertThat(result.examples()).isEqualTo(2 * 4 * 64);
    assertThat(result.rates())
        .extracting(ImitationSpeedResult.Kind::kind)
        .containsExactly("supervised", "joint imitation", "progressive imitation");
    for (ImitationSpeedResult.Kind kind : result.rates()) {
      assertThat(kind.runs()).hasSize(2);
      assertThat(kind.medianCpu()).isPositive();
      assertThat(kind.medianWall()).isPositive();
      assertThat(kind.medianSteps()).isPositive();
    }
    ImitationSpeedResult.Kind supervised = result.rates().get(0);
    assertThat(supervised.relativeToSupervised()).isCloseTo(1.0, within(1e-12));
    assertThat(supervised.stepsRelativeToSupervised()).isCloseTo(1.0, within(1e-12));
    ImitationSpeedResult.Kind joint = result.rates().get(1);
    assertThat(joint.relativeToSupervised())
        .isCloseTo(joint.medianCpu() / supervised.medianCpu(), within(1e-12));
    String page = ImitationSpeedMarkdown.render(result);
    assertThat(page)
        .contains("# Imitation speed: small")
        .contains("| joint imitation |")
        .contains(result.machine().summary());
  }

  @Test
  void refusesNonsenseSettings() {
    assertThatThrownBy(() -> ImitationSpeedSettings.parse(new String[] {"--runs", "0"}))
        .hasMessageContaining("--runs");
    assertThatThrownBy(() -> ImitationSpeedSettings.parse(new String[] {"--steps-per-layer"}))
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> ImitationSpeedSettings.parse(new String[] {"--fast"}))
        .hasMessageContaining("unexpected argument --fast");
    assertThat(ImitationSpeedSettings.parse(new String[0]).markdown())
        .hasFileName("imitation-speed.md");
  }
}
