package dev.taper.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes idle workers when a job becomes runnable: LISTENs on the channel the {@code stage_job}
 * trigger notifies, on a connection of its own. Waiters also wake after their own timeout, so a
 * lost notification (or a dead listener) costs at most one polling interval.
 */
public class QueueWakeups implements AutoCloseable {

  /** The PostgreSQL channel a queued job is announced on. */
  public static final String CHANNEL = "taper_stage_job";

  private static final Logger log = LoggerFactory.getLogger(QueueWakeups.class);

  private final DataSource dataSource;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition signalled = lock.newCondition();
  private long generation;
  private volatile boolean running;
  private Thread listener;

  public QueueWakeups(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    listener = new Thread(this::listen, "taper-queue-listener");
    listener.setDaemon(true);
    listener.start();
  }

  @Override
  public synchronized void close() {
    running = false;
    if (listener != null) {
      listener.interrupt();
      listener = null;
    }
    signal();
  }

  /** Wakes every waiter now. */
  public void signal() {
    lock.lock();
    try {
      generation++;
      signalled.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until a job may have become runnable, or {@code timeout} passes.
   *
   * @return true when woken by a notification or {@link #signal}
   */
  public boolean await(Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      long seen = generation;
      long nanos = timeout.toNanos();
      while (generation == seen && nanos > 0) {
        nanos = signalled.awaitNanos(nanos);
      }
      return generation != seen;
    } finally {
      lock.unlock();
    }
  }

  private void listen() {
    long backoffMillis = 500;
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        backoffMillis = 500;
        while (running) {
          PGNotification[] notifications = pg.getNotifications(1000);
          if (notifications != null && notifications.length > 0) {
            signal();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        log.warn("queue listener lost its connection; workers poll until it is back", e);
        try {
          TimeUnit.MILLISECONDS.sleep(backoffMillis);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
        backoffMillis = Math.min(30_000, backoffMillis * 2);
      }
    }
  }
}
