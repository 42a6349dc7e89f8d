package dev.taper.training.imitation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The units picked are those the ones already picked explain least, never a duplicate. */
class UnitSelectionTest {

  @Test
  void aDuplicateOfAPickedUnitIsPassedOverForASmallerButIndependentOne() {
    // units 0 and 1 are the same signal (variance 4), unit 2 an independent one of variance 1
    double[] covariance = {
      4, 4, 0,
      4, 4, 0,
      0, 0, 1
    };
    assertThat(UnitSelection.pick(covariance, 3, 2)).containsExactly(0, 2);
  }

  @Test
  void thePicksDoNotDependOnTheUnitsScale() {
    // the duplicate case above with every unit's variance around 1e-14
    double s = 1e-14;
    double[] covariance = {4 * s, 4 * s, 0, 4 * s, 4 * s, 0, 0, 0, s};
    assertThat(UnitSelection.pick(covariance, 3, 2)).containsExactly(0, 2);
  }

  @Test
  void theResidualVarianceDecidesNotTheUnitsOwnVariance() {
    // unit 1 (variance 3) is mostly unit 0 (correlation 0.9): residual 3 * (1 - 0.81) = 0.57;
    // unit 2 (variance 1) is independent of both, so it comes second
    double c = 0.9 * Math.sqrt(4 * 3);
    double[] covariance = {4, c, 0, c, 3, 0, 0, 0, 1};
    assertThat(UnitSelection.pick(covariance, 3, 3)).containsExactly(0, 2, 1);
  }

  @Test
  void deadUnitsComeLastAndEveryUnitIsPickedOnce() {
    // unit 0 is dead (constant), units 1 and 2 are the same signal
    double[] covariance = {
      0, 0, 0,
      0, 2, 2,
      0, 2, 2
    };
    int[] picked = UnitSelection.pick(covariance, 3, 3);
    assertThat(picked[0]).isEqualTo(1);
    assertThat(picked).containsExactlyInAnyOrder(0, 1, 2);
  }

  @Test
  void askingForMoreUnitsThanThereAreIsAnError() {
    assertThatThrownBy(() -> UnitSelection.pick(new double[] {1}, 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot pick 2 of 1");
  }
}
