package dev.taper.training.imitation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeastSquaresTest {

  @Test
  void solvesAWellConditionedSystem() {
    // G = [[4, 1], [1, 3]], X = [[1, 2], [3, -1]] => R = G X
    double[] g = {4, 1, 1, 3};
    double[] r = {7, 7, 10, -1};
    double[] x = LeastSquares.solve(g, r, 2, 2);
    assertThat(x)
        .containsExactly(new double[] {1, 2, 3, -1}, org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void staysFiniteOnARankDeficientSystem() {
    double[] g = {1, 1, 1, 1};
    double[] r = {2, 2};
    double[] x = LeastSquares.solve(g, r, 2, 1);
    assertThat(x[0] + x[1]).isCloseTo(2, org.assertj.core.data.Offset.offset(1e-2));
    assertThat(Double.isFinite(x[0]) && Double.isFinite(x[1])).isTrue();
  }

  @Test
  void aLargerRidgeShrinksTheSolutionTowardsZeroAsRidgeRegressionDoes() {
    // G = diag(1, 0.01): the second direction hardly varies, so it is the one a ridge gives up
    double[] g = {1, 0, 0, 0.01};
    double[] r = {1, 0.01};
    double[] small = LeastSquares.solve(g, r, 2, 1, 1e-6);
    double[] large = LeastSquares.solve(g, r, 2, 1, 1e-1);
    // lambda = ridge x mean diagonal (0.505): x_i = r_i / (g_ii + lambda)
    assertThat(small[1]).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(large[0]).isCloseTo(1 / (1 + 0.0505), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(large[1])
        .isCloseTo(0.01 / (0.01 + 0.0505), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(LeastSquares.solve(g, r, 2, 1))
        .containsExactly(LeastSquares.solve(g, r, 2, 1, 1e-4));
  }
}
