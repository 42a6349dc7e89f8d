package dev.taper;

import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * "Skip here, fail in CI" for tests that need something a developer's machine may lack (the full
 * Fashion-MNIST, a GPU). Where it is missing such a test skips, unless the environment variable
 * {@code TAPER_CI} is {@code true}: CI provides everything, so there a missing piece is a broken
 * set-up that must fail the build, not a green run with the check silently skipped.
 */
public final class CiAssumptions {

  public static final String CI_ENV = "TAPER_CI";

  private CiAssumptions() {}

  /** Whether this run is CI's ({@code TAPER_CI=true}). */
  public static boolean inCi() {
    return isCi(System.getenv(CI_ENV));
  }

  /**
   * Skips the test when {@code condition} is false, or fails it in CI.
   *
   * @param missing what is missing and how to provide it, e.g. "full Fashion-MNIST not installed
   *     (apt-get install dataset-fashion-mnist)"
   */
  public static void assumeOrFailInCi(boolean condition, String missing) {
    check(condition, missing, System.getenv(CI_ENV));
  }

  /** The value, when present; else skips the test, or fails it in CI. */
  public static <T> T presentOrFailInCi(Optional<T> value, String missing) {
    assumeOrFailInCi(value.isPresent(), missing);
    return value.orElseThrow();
  }

  static void check(boolean condition, String missing, String ciValue) {
    if (condition) {
      return;
    }
    if (isCi(ciValue)) {
      Assertions.fail(missing + " (" + CI_ENV + "=true: CI must provide it, so this fails)");
    }
    Assumptions.abort(missing + ": skipped (with " + CI_ENV + "=true this fails instead)");
  }

  private static boolean isCi(String value) {
    return "true".equalsIgnoreCase(value == null ? "" : value.strip());
  }
}
