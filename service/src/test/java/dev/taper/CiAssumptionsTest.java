package dev.taper;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class CiAssumptionsTest {

  @Test
  void aMissingPieceSkipsOutsideCi() {
    assertThatThrownBy(() -> CiAssumptions.check(false, "no GPU", null))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("no GPU")
        .hasMessageContaining("TAPER_CI=true");
    assertThatThrownBy(() -> CiAssumptions.check(false, "no GPU", "false"))
        .isInstanceOf(TestAbortedException.class);
  }

  @Test
  void aMissingPieceFailsInCi() {
    assertThatThrownBy(() -> CiAssumptions.check(false, "no GPU", "true"))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("no GPU")
        .hasMessageContaining("CI must provide it");
    assertThatThrownBy(() -> CiAssumptions.check(false, "no GPU", " TRUE "))
        .isInstanceOf(AssertionFailedError.class);
  }

  @Test
  void aPresentPieceNeitherSkipsNorFails() {
    assertThatCode(() -> CiAssumptions.check(true, "no GPU", "true")).doesNotThrowAnyException();
    assertThatCode(() -> CiAssumptions.check(true, "no GPU", null)).doesNotThrowAnyException();
  }
}
