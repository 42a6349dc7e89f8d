package dev.taper.queue;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Periodically takes back jobs whose workers stopped heartbeating, then does the housekeeping that
 * follows (deleting the checkpoints of jobs that ended without their worker, and the files that
 * deleted records left behind). Any number of processes may run one: the reclaim statement skips
 * rows another reclaimer holds. Tests call {@link #runDueWorkNow()} instead of waiting for the
 * schedule.
 *
 * <p>As a bean it starts with the application's lifecycles, not when it is created: a process that
 * takes back its dead predecessor's jobs at start-up (the embedded database's, in the first phase)
 * must do so before a scheduled reclaim can find their leases expired and queue them behind the
 * retry backoff, where the worker would claim a lower-priority job first.
 */
public class LeaseReclaimer implements SmartLifecycle, AutoCloseable {

  /** Every lifecycle that must run before the first reclaim is in an earlier phase. */
  public static final int PHASE = 0;

  private static final Logger log = LoggerFactory.getLogger(LeaseReclaimer.class);

  private final ExpiredLeases leases;
  private final Duration interval;
  private final Runnable housekeeping;
  private ScheduledExecutorService scheduler;

  public LeaseReclaimer(ExpiredLeases leases, Duration interval) {
    this(leases, interval, () -> {});
  }

  /**
   * @param housekeeping what runs after each reclaim; its failure does not undo the reclaim
   */
  public LeaseReclaimer(ExpiredLeases leases, Duration interval, Runnable housekeeping) {
    this.leases = leases;
    this.interval = interval;
    this.housekeeping = housekeeping;
  }

  @Override
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "taper-lease-reclaimer");
              thread.setDaemon(true);
              return thread;
            });
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::runSafely, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Reclaims every expired lease now, then runs the housekeeping; returns how many jobs were taken
   * back.
   */
  public int runDueWorkNow() {
    int reclaimed = leases.reclaim();
    try {
      housekeeping.run();
    } catch (RuntimeException e) {
      // the next run tries again; the jobs taken back stay taken back
      log.warn("housekeeping after the lease reclaim failed", e);
    }
    return reclaimed;
  }

  private void runSafely() {
    try {
      int reclaimed = runDueWorkNow();
      if (reclaimed > 0) {
        log.info("reclaimed {} stage job(s) whose lease expired", reclaimed);
      }
    } catch (RuntimeException e) {
      // the next run tries again; a database outage must not end the schedule
      log.warn("lease reclaim failed", e);
    }
  }

  @Override
  public void stop() {
    close();
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }
}
