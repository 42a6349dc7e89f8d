package dev.taper.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.queue.JobStatus;
import org.junit.jupiter.api.Test;

class StageRowTest {

  @Test
  void anErrorThatEndedAnEarlierAttemptSaysSo() {
    StageRow running =
        new StageRow(1, "WIDE", JobStatus.RUNNING, null, 2, "lease expired (worker w)", 1);

    assertThat(running.errorText()).isEqualTo("attempt 1 ended: lease expired (worker w)");
  }

  @Test
  void theCurrentAttemptsErrorAndNoErrorAreShownAsTheyAre() {
    assertThat(new StageRow(1, "WIDE", JobStatus.FAILED, null, 3, "out of memory", 3).errorText())
        .isEqualTo("out of memory");
    assertThat(new StageRow(1, "WIDE", JobStatus.RUNNING, null, 1, null, null).errorText())
        .isNull();
  }
}
