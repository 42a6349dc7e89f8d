package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatsTest {

  /** Two-sided 95% critical values of Student's t as printed in statistics tables. */
  @ParameterizedTest
  @CsvSource({"1, 12.706", "2, 4.303", "3, 3.182", "4, 2.776", "5, 2.571", "7, 2.365", "30, 2.042"})
  void studentTQuantileMatchesTheTables(int degreesOfFreedom, double printed) {
    assertThat(Stats.studentTQuantile(0.95, degreesOfFreedom)).isCloseTo(printed, within(5e-4));
  }

  @Test
  void studentTApproachesTheNormalWithManyDegreesOfFreedom() {
    assertThat(Stats.studentTQuantile(0.95, 100_000)).isCloseTo(1.95996, within(1e-4));
    assertThat(Stats.studentTQuantile(0.99, 6)).isCloseTo(3.707, within(5e-4));
  }

  @Test
  void centralProbabilityOfTheCauchyCaseIsItsClosedForm() {
    assertThat(Stats.studentTCentralProbability(1, 1)).isCloseTo(0.5, within(1e-12));
    assertThat(Stats.studentTCentralProbability(0, 9)).isZero();
  }

  @Test
  void halfWidthIsTTimesTheStandardError() {
    // std 0.1 over four values: t(0.975, 3) x 0.1 / 2
    List<Double> values = List.of(1.0, 1.0, 1.2, 1.2);
    double std = Stats.sampleStd(values);

    assertThat(Stats.halfWidth95(values)).isCloseTo(3.18245 * std / 2, within(1e-4));
    assertThat(Stats.halfWidth95(List.of(1.0))).isNaN();
  }

  @Test
  void refusesProbabilitiesOutsideTheOpenInterval() {
    assertThatThrownBy(() -> Stats.studentTQuantile(1.0, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 < probability < 1");
  }
}
