package dev.taper;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Waiting, in tests of concurrent requests, for one request to block on a row lock another holds.
 * The blocked statement runs in the server's threads or the pool's, so the database is where its
 * waiting shows; each wait polls for that condition with a deadline.
 */
public final class LockWaits {

  private static final long DEADLINE_SECONDS = 30;

  private LockWaits() {}

  /**
   * What a request answered that waited for another transaction's lock, and what that transaction
   * did once it went on.
   */
  public record Ordered<T>(T holder, HttpResponse<String> waiter) {}

  /**
   * Runs {@code hold} in a transaction on another thread and keeps that transaction open while
   * {@code waiter} is sent; checks that the waiter blocks on a statement like {@code
   * waitingStatement} and has not answered, then lets the holder go on with {@code then} and
   * commit, and returns what both came to.
   *
   * @param hold takes the lock; true when it found what it locks
   * @param why what the waiting shows, for the assertion's message
   */
  public static <T> Ordered<T> waitBehind(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      BooleanSupplier hold,
      Supplier<T> then,
      Supplier<HttpResponse<String>> waiter,
      String waitingStatement,
      String why)
      throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<T> holder =
          threads.submit(
              () ->
                  transactions.execute(
                      status -> {
                        assertThat(hold.getAsBoolean())
                            .as("the holder finds what it locks")
                            .isTrue();
                        held.countDown();
                        await(release);
                        return then.get();
                      }));
      await(held);
      Future<HttpResponse<String>> waiting = threads.submit(waiter::get);

      assertThat(awaitLockWaiter(jdbc, waitingStatement)).as(why).isTrue();
      assertThat(waiting).isNotDone();
      release.countDown();
      T result = holder.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      return new Ordered<>(result, waiting.get(DEADLINE_SECONDS, TimeUnit.SECONDS));
    } finally {
      release.countDown();
      threads.shutdownNow();
    }
  }

  /**
   * Whether, within 30 s, a database session waits for a lock while running a statement like {@code
   * pattern} (an SQL {@code like} pattern).
   */
  public static boolean awaitLockWaiter(JdbcClient jdbc, String pattern)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    while (System.nanoTime() < deadline) {
      long waiting =
          jdbc.sql(
                  "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                      + " and query like :pattern")
              .param("pattern", pattern)
              .query(Long.class)
              .single();
      if (waiting > 0) {
        return true;
      }
      // a poll, not a guess at timing: PostgreSQL announces no lock wait, so pg_stat_activity is
      // read until it shows one (within milliseconds of the statement starting) or the deadline
      Thread.sleep(10);
    }
    return false;
  }

  /** Waits up to 30 s for the latch, failing the test when it does not open. */
  public static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
