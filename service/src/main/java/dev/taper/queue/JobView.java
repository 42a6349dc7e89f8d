package dev.taper.queue;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** A stage job as the API shows it. */
public record JobView(
    long id,
    UUID experimentId,
    String kind,
    JobStatus status,
    Long dependsOn,
    int attempt,
    int maxAttempts,
    JobProgress progress,
    boolean cancelRequested,
    @Schema(description = ERROR) String error,
    @Schema(description = ERROR_ATTEMPT, example = "1") Integer errorAttempt,
    String leasedBy,
    Instant leaseExpiresAt,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {

  /** What {@code error} says, here and wherever a view shows a stage's error. */
  public static final String ERROR =
      "Why the stage's last ended attempt ended; a stage waiting for or running another attempt"
          + " keeps it, and a successful one clears it";

  /** What {@code errorAttempt} says. */
  public static final String ERROR_ATTEMPT = "The attempt that ended with `error`";
}
