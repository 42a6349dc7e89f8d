package dev.taper.bench.service;

/**
 * One claimer of the claim benchmark: claims the next job and completes it, as a worker does with a
 * stage that does nothing. Not thread-safe: each claimer thread has its own.
 */
interface Claimer extends AutoCloseable {

  /**
   * Claims a job and completes it.
   *
   * @return false when no job was left to claim
   */
  boolean claimAndComplete() throws Exception;

  /** Nanoseconds spent in claims so far. */
  long claimNanos();

  /** Nanoseconds spent in completions so far. */
  long completeNanos();

  @Override
  void close() throws Exception;
}
