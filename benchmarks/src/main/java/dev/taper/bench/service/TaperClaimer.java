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
final class TaperClaimer extends TimedClaimer<ClaimedJob> {

  private final StageQueue queue;
  private final TransactionTemplate transactions;
  private final String worker;

  TaperClaimer(StageQueue queue, TransactionTemplate transactions, String worker) {
    this.queue = queue;
    this.transactions = transactions;
    this.worker = worker;
  }

  @Override
  Optional<ClaimedJob> claim() {
    return queue.claim(worker, false);
  }

  @Override
  void complete(ClaimedJob claimed) {
    transactions.executeWithoutResult(status -> queue.complete(claimed.lease(), null));
  }

  @Override
  public void close() {}
}
