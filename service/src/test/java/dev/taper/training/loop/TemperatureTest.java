package dev.taper.training.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TemperatureTest {

  /**
   * Two classes with logits (4, 0): at temperature 2 the first has probability sigmoid(2) = 0.8808,
   * so labels drawn in exactly that proportion are calibrated at T = 2 and nowhere else.
   */
  @Test
  void recoversTheTemperatureAtWhichTheLogitsAreCalibrated() {
    int rows = 10_000;
    int first = 8808;
    float[] logits = new float[rows * 2];
    long[] labels = new long[rows];
    for (int row = 0; row < rows; row++) {
      logits[row * 2] = 4;
      labels[row] = row < first ? 0 : 1;
    }
    double fitted = Temperature.fit(logits, labels, 2);
    assertThat(fitted).isCloseTo(2.0, within(1e-3));
    assertThat(Temperature.crossEntropy(logits, labels, 2, fitted))
        .isLessThan(Temperature.crossEntropy(logits, labels, 2, 1.0))
        .isLessThan(Temperature.crossEntropy(logits, labels, 2, 2.1))
        .isLessThan(Temperature.crossEntropy(logits, labels, 2, 1.9));
  }

  @Test
  void separableLogitsAreSharpenedUpToTheBound() {
    float[] logits = {1, 0, 0, 1};
    long[] labels = {0, 1};
    assertThat(Temperature.fit(logits, labels, 2)).isCloseTo(Temperature.MIN, within(1e-6));
  }

  @Test
  void crossEntropyIsStableForLargeLogits() {
    float[] logits = {1e4f, 0, 0};
    assertThat(Temperature.crossEntropy(logits, new long[] {0}, 3, 1)).isCloseTo(0, within(1e-9));
    assertThat(Temperature.crossEntropy(logits, new long[] {1}, 3, 1)).isCloseTo(1e4, within(1e-6));
  }
}
