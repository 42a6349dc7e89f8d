package dev.taper.bench.service;

import dev.taper.queue.ClaimedJob;
import dev.taper.queue.StageQueue;
import java.util.Optional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Taper's own path, as {@code StageWorker} and {@code StageJobRunner} take it: {@link
 * StageQueue#claim} (its own statement, outside any transaction), then {@link StageQueue#complete}
 * inside a transaction of the service's transaction manager (where the worker also records the
 * model).
 */
final class TaperClaimer implements Claimer {

  private final StageQueue queue;
  private final TransactionTemplate transactions;
  private final String worker;
  private long claimNanos;
  private long completeNanos;

  TaperClaimer(StageQueue queue, TransactionTemplate transactions, String worker) {
    this.queue = queue;
    this.transactions = transactions;
    this.worker = worker;
  }

  @Override
  public boolean claimAndComplete() {
    long start = System.nanoTime();
    Optional<ClaimedJob> claimed = queue.claim(worker, false);
    long claimedAt = System.nanoTime();
    claimNanos += claimedAt - start;
    if (claimed.isEmpty()) {
      return false;
    }
    transactions.executeWithoutResult(status -> queue.complete(claimed.get().lease(), null));
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

  @Override
  public void close() {}
}
