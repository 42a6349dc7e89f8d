package dev.taper.training.imitation;

/**
 * Ridge-regularised linear least squares on small normal equations, in double precision: solves
 * {@code (G + lambda I) X = R} for symmetric positive semi-definite {@code G} by Cholesky.
 * Imitation uses it on (d + 1) x (d + 1) systems, so plain Java is the right tool.
 */
final class LeastSquares {

  /** Ridge strength relative to the mean diagonal of G: keeps rank-deficient fits stable. */
  static final double RELATIVE_RIDGE = 1e-4;

  private LeastSquares() {}

  /**
   * @param gram n x n, row-major
   * @param rhs n x m, row-major
   * @return X, n x m, row-major
   */
  static double[] solve(double[] gram, double[] rhs, int n, int m) {
    return solve(gram, rhs, n, m, RELATIVE_RIDGE);
  }

  /**
   * @param relativeRidge the ridge as a fraction of G's mean diagonal
   */
  static double[] solve(double[] gram, double[] rhs, int n, int m, double relativeRidge) {
    double trace = 0;
    for (int i = 0; i < n; i++) {
      trace += gram[i * n + i];
    }
    double lambda = relativeRidge * Math.max(trace / n, 1e-12);
    double[] l = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = gram[i * n + j] + (i == j ? lambda : 0);
        for (int k = 0; k < j; k++) {
          sum -= l[i * n + k] * l[j * n + k];
        }
        if (i == j) {
          l[i * n + i] = Math.sqrt(Math.max(sum, 1e-300));
        } else {
          l[i * n + j] = sum / l[j * n + j];
        }
      }
    }
    double[] x = new double[n * m];
    double[] y = new double[n];
    for (int c = 0; c < m; c++) {
      for (int i = 0; i < n; i++) {
        double sum = rhs[i * m + c];
        for (int k = 0; k < i; k++) {
          sum -= l[i * n + k] * y[k];
        }
        y[i] = sum / l[i * n + i];
      }
      for (int i = n - 1; i >= 0; i--) {
        double sum = y[i];
        for (int k = i + 1; k < n; k++) {
          sum -= l[k * n + i] * x[k * m + c];
        }
        x[i * m + c] = sum / l[i * n + i];
      }
    }
    return x;
  }
}
