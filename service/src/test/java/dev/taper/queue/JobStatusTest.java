package dev.taper.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class JobStatusTest {

  @Test
  void terminalStatusesGoNowhere() {
    for (JobStatus terminal :
        EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.SKIPPED)) {
      assertThat(terminal.isTerminal()).isTrue();
      for (JobStatus next : JobStatus.values()) {
        assertThat(terminal.canMoveTo(next)).as(terminal + " -> " + next).isFalse();
      }
    }
    assertThat(EnumSet.of(JobStatus.BLOCKED, JobStatus.QUEUED, JobStatus.RUNNING))
        .noneMatch(JobStatus::isTerminal);
  }

  @Test
  void theQueueMovesAreAllowed() {
    assertThat(JobStatus.BLOCKED.canMoveTo(JobStatus.QUEUED)).isTrue();
    assertThat(JobStatus.BLOCKED.canMoveTo(JobStatus.SKIPPED)).isTrue();
    assertThat(JobStatus.QUEUED.canMoveTo(JobStatus.RUNNING)).isTrue();
    assertThat(JobStatus.RUNNING.canMoveTo(JobStatus.SUCCEEDED)).isTrue();
    assertThat(JobStatus.RUNNING.canMoveTo(JobStatus.QUEUED)).as("retry or reclaim").isTrue();
    assertThat(JobStatus.RUNNING.canMoveTo(JobStatus.CANCELLED)).isTrue();
  }

  @Test
  void illegalMovesThrow() {
    assertThat(JobStatus.BLOCKED.canMoveTo(JobStatus.RUNNING)).isFalse();
    assertThat(JobStatus.QUEUED.canMoveTo(JobStatus.SUCCEEDED)).isFalse();
    assertThatThrownBy(() -> JobStatus.SUCCEEDED.moveTo(JobStatus.RUNNING))
        .isInstanceOf(JobStatus.IllegalJobTransitionException.class)
        .hasMessageContaining("SUCCEEDED to RUNNING");
    assertThatThrownBy(() -> JobStatus.BLOCKED.moveTo(JobStatus.RUNNING))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void movableToListsTheSources() {
    assertThat(JobStatus.movableTo(JobStatus.CANCELLED))
        .containsExactlyInAnyOrder(JobStatus.BLOCKED, JobStatus.QUEUED, JobStatus.RUNNING);
    assertThat(JobStatus.movableTo(JobStatus.SKIPPED)).containsExactly(JobStatus.BLOCKED);
    assertThat(JobStatus.movableTo(JobStatus.RUNNING)).containsExactly(JobStatus.QUEUED);
  }

  @Test
  void aFailedAttemptRetriesOnlyWhenItMayAndAttemptsAreLeft() {
    assertThat(JobStatus.afterFailure(false, true, true)).isEqualTo(JobStatus.QUEUED);
    assertThat(JobStatus.afterFailure(false, true, false)).isEqualTo(JobStatus.FAILED);
    assertThat(JobStatus.afterFailure(false, false, true)).isEqualTo(JobStatus.FAILED);
    assertThat(JobStatus.afterFailure(true, true, true))
        .as("a cancelled experiment's job is not retried")
        .isEqualTo(JobStatus.CANCELLED);
  }

  @Test
  void anExpiredLeaseIsARetryableFailureAndAHandedBackJobIsQueuedUnlessCancelled() {
    assertThat(JobStatus.afterLeaseExpired(false, true)).isEqualTo(JobStatus.QUEUED);
    assertThat(JobStatus.afterLeaseExpired(false, false)).isEqualTo(JobStatus.FAILED);
    assertThat(JobStatus.afterLeaseExpired(true, true)).isEqualTo(JobStatus.CANCELLED);
    assertThat(JobStatus.afterHandBack(false)).isEqualTo(JobStatus.QUEUED);
    assertThat(JobStatus.afterHandBack(true)).isEqualTo(JobStatus.CANCELLED);
  }
}
