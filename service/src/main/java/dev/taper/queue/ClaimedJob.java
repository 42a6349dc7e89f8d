package dev.taper.queue;

import java.time.Duration;
import java.util.UUID;

/**
 * A job a worker has just claimed.
 *
 * @param attempt this attempt's number, 1 for the first
 * @param waited how long the job was runnable before this claim
 */
public record ClaimedJob(
    long id,
    UUID experimentId,
    String kind,
    int attempt,
    int maxAttempts,
    String checkpointUri,
    Duration waited,
    Lease lease) {

  public boolean isLastAttempt() {
    return attempt >= maxAttempts;
  }
}
