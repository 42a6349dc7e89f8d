package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The depth sweep's table names each network's learning rate and marks a diverged one. */
class DepthSweepTest {

  @Test
  void everyRowSaysWhichLearningRateTrainedItAndADivergedRowSaysSo() {
    List<DepthSweep.Row> rows =
        List.of(
            new DepthSweep.Row(48, 16, "SCRATCH", 3e-4, 25_514, 0.7270, 0.7252, 0.734, 14.2, null),
            new DepthSweep.Row(
                48,
                16,
                "WIDE",
                1e-3,
                877_834,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                65.0,
                "WIDE: the train loss became NaN by step 40"));

    assertThat(DepthSweep.markdown(rows).lines())
        .containsExactly(
            "| arm | depth | width | learning rate | params | validation % | test % | test loss |"
                + " wall s |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            "| SCRATCH | 48 | 16 | 3e-4 | 25,514 | 72.70 | 72.52 | 0.734 | 14 |",
            "| WIDE | 48 | 16 | 1e-3 | 877,834 | diverged | diverged | - | 65 |");
  }
}
