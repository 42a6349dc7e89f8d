package dev.taper.config;

import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Takes back, once and before the worker claims its first job, every stage job a process that died
 * left running on the embedded database. The database is this process's alone (its lock says so),
 * so such a job resumes from its checkpoint at once instead of after its lease runs out.
 *
 * <p>It must run before the worker starts: taking back "every running job" after the worker had
 * claimed one would take back this process's own job too, costing it an attempt. Lifecycles start
 * in ascending phase, so {@link #PHASE} puts this one ahead of every other, the worker's included.
 */
final class AbandonedJobs implements SmartLifecycle {

  static final int PHASE = Integer.MIN_VALUE;

  private static final Logger log = LoggerFactory.getLogger(AbandonedJobs.class);

  private final IntSupplier reclaimEveryRunningJob;
  private boolean reclaimed;
  private volatile boolean running;

  /**
   * @param reclaimEveryRunningJob takes back every running job and returns how many it took
   */
  AbandonedJobs(IntSupplier reclaimEveryRunningJob) {
    this.reclaimEveryRunningJob = reclaimEveryRunningJob;
  }

  /** Reclaims at the first start only: a later start follows a pause of this same process. */
  @Override
  public synchronized void start() {
    if (!reclaimed) {
      int taken = reclaimEveryRunningJob.getAsInt();
      reclaimed = true;
      if (taken > 0) {
        log.info("took back {} stage job(s) a previous process left running", taken);
      }
    }
    running = true;
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
