package dev.taper.bench.service;

import java.util.Optional;

/**
 * A claimer that times its claims and completions the same way whatever path it takes, so the two
 * paths' times compare: a claim that finds nothing counts as claim time.
 *
 * @param <J> what a claim hands to its completion
 */
abstract class TimedClaimer<J> implements Claimer {

  private long claimNanos;
  private long completeNanos;

  /** Claims the next job; empty when none is left. */
  abstract Optional<J> claim() throws Exception;

  abstract void complete(J claimed) throws Exception;

  @Override
  public final boolean claimAndComplete() throws Exception {
    long start = System.nanoTime();
    Optional<J> claimed = claim();
    long claimedAt = System.nanoTime();
    claimNanos += claimedAt - start;
    if (claimed.isEmpty()) {
      return false;
    }
    complete(claimed.get());
    completeNanos += System.nanoTime() - claimedAt;
    return true;
  }

  @Override
  public long claimNanos() {
    return claimNanos;
  }

  @Override
  public long completeNanos() {
    return completeNanos;
  }
}
