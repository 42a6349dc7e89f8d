package dev.taper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Waiting, in tests of concurrent requests, for one request to block on a row lock another holds.
 * The blocked statement runs in the server's threads or the pool's, so the database is where its
 * waiting shows; each wait polls for that condition with a deadline.
 */
public final class LockWaits {

  private static final long DEADLINE_SECONDS = 30;

  private LockWaits() {}

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
      // the waiter shows within milliseconds of its statement starting; poll at that pace
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
