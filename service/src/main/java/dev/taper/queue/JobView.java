package dev.taper.queue;

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
    String error,
    String leasedBy,
    Instant leaseExpiresAt,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {}
