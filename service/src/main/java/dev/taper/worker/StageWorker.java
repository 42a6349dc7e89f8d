package dev.taper.worker;

import dev.taper.observability.TaperMetrics;
import dev.taper.queue.ClaimedJob;
import dev.taper.queue.QueueWakeups;
import dev.taper.queue.StageQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The worker loop: claim a job, run it, repeat; when the queue is empty, wait for a notification or
 * the polling interval. The loop never dies: anything thrown is caught at its edge, counted, and
 * followed by a growing pause. Shutdown stops claiming, lets running jobs finish until the drain
 * timeout, then hands the rest back to the queue (they resume from their checkpoints).
 *
 * <p>Stop and start may alternate (Spring pauses a lifecycle this way, and tests' cached contexts
 * are paused while unused): the heartbeat scheduler, shared with the running jobs' lease
 * heartbeats, lives until {@link #close}, not until {@link #stop}.
 */
public class StageWorker implements SmartLifecycle, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StageWorker.class);
  private static final Duration MAX_ERROR_BACKOFF = Duration.ofSeconds(30);

  /** Starts after the rest and stops before the web server and the connection pool go away. */
  public static final int PHASE = Integer.MAX_VALUE - 1000;

  private final StageQueue queue;
  private final QueueWakeups wakeups;
  private final StageJobRunner runner;
  private final WorkerPresence presence;
  private final TaperMetrics metrics;
  private final WorkerSettings settings;
  private final ScheduledExecutorService heartbeats;
  private final Duration handBackWait;
  private final ConcurrentHashMap<Long, ClaimedJob> running = new ConcurrentHashMap<>();
  private ScheduledFuture<?> presenceReports;
  private volatile Generation current;
  private volatile boolean hasGpu;

  /**
   * The threads of one start, and what they obey. A thread stops by its own generation's flags, so
   * a thread that outlived a stop (its job ignored the hand-back) finishes that job and exits; it
   * neither claims again nor loses its hand-back signal when the worker starts again.
   */
  private static final class Generation {
    final List<Thread> threads = new ArrayList<>();
    volatile boolean accepting = true;
    volatile boolean handingBack;
  }

  /** How long a stop waits, after the drain timeout, for jobs to hand themselves back. */
  static final Duration HAND_BACK_WAIT = Duration.ofSeconds(30);

  /**
   * @param handBackWait how long a stop waits, after the drain timeout, for jobs to hand themselves
   *     back
   */
  StageWorker(
      StageQueue queue,
      QueueWakeups wakeups,
      StageJobRunner runner,
      WorkerPresence presence,
      TaperMetrics metrics,
      WorkerSettings settings,
      ScheduledExecutorService heartbeats,
      Duration handBackWait) {
    this.queue = queue;
    this.wakeups = wakeups;
    this.runner = runner;
    this.presence = presence;
    this.metrics = metrics;
    this.settings = settings;
    this.heartbeats = heartbeats;
    this.handBackWait = handBackWait;
  }

  public String id() {
    return settings.id();
  }

  @Override
  public synchronized void start() {
    if (current != null) {
      return;
    }
    Generation generation = new Generation();
    current = generation;
    wakeups.start();
    for (int i = 0; i < settings.threads(); i++) {
      Thread thread = new Thread(() -> loop(generation), "taper-worker-" + i);
      thread.setDaemon(true);
      generation.threads.add(thread);
      thread.start();
    }
    presenceReports =
        heartbeats.scheduleWithFixedDelay(
            this::reportPresence,
            settings.heartbeatInterval().toMillis(),
            settings.heartbeatInterval().toMillis(),
            TimeUnit.MILLISECONDS);
    log.info("worker {} started with {} thread(s)", settings.id(), settings.threads());
  }

  private void loop(Generation generation) {
    Duration backoff = Duration.ofMillis(200);
    boolean initialised = false;
    while (generation.accepting) {
      try {
        if (!initialised) {
          initialise();
          initialised = true;
        }
        Optional<ClaimedJob> claimed = queue.claim(settings.id(), hasGpu);
        if (claimed.isPresent()) {
          ClaimedJob job = claimed.get();
          running.put(job.id(), job);
          try {
            runner.run(job, () -> generation.handingBack);
          } finally {
            running.remove(job.id());
          }
        } else {
          wakeups.await(settings.pollInterval());
        }
        backoff = Duration.ofMillis(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Throwable e) {
        metrics.workerLoopError();
        log.error("worker loop error; pausing {} before going on", backoff, e);
        try {
          // a fixed pause, not a wait on a condition: whatever failed (database, disk) needs time
          Thread.sleep(backoff.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_ERROR_BACKOFF) > 0
                ? MAX_ERROR_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
  }

  /** Loads the engine (native libraries) and registers this worker, once per thread. */
  private synchronized void initialise() {
    if (settings.gpu() != null) {
      hasGpu = settings.gpu();
    } else {
      hasGpu = ai.djl.engine.Engine.getInstance().getGpuCount() > 0;
    }
    String devices = hasGpu ? "gpu x" + ai.djl.engine.Engine.getInstance().getGpuCount() : "cpu";
    presence.register(hostName(), devices);
  }

  private void reportPresence() {
    try {
      Long job = running.keySet().stream().findFirst().orElse(null);
      presence.seen(job);
    } catch (RuntimeException e) {
      log.debug("could not report worker presence", e);
    }
  }

  /** Jobs this worker is running now. */
  public int runningJobs() {
    return running.size();
  }

  @Override
  public void stop() {
    Generation stopping;
    synchronized (this) {
      stopping = current;
      if (stopping == null) {
        return;
      }
      current = null;
      stopping.accepting = false;
    }
    wakeups.signal();
    long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
    joinUntil(stopping.threads, deadline);
    if (anyAlive(stopping.threads)) {
      log.info("drain timeout passed; handing {} running job(s) back", running.size());
      stopping.handingBack = true;
      joinUntil(stopping.threads, System.nanoTime() + handBackWait.toNanos());
      if (anyAlive(stopping.threads)) {
        log.warn(
            "worker {}: a job did not hand itself back within {}; its thread exits when the job"
                + " ends and claims nothing more",
            settings.id(),
            handBackWait);
      }
    }
    wakeups.close();
    presenceReports.cancel(false);
    try {
      presence.gone();
    } catch (RuntimeException e) {
      log.debug("could not mark worker {} gone", settings.id(), e);
    }
    log.info("worker {} stopped", settings.id());
  }

  /** Stops if running, then ends the heartbeat scheduler: the worker cannot start again. */
  @Override
  public void close() {
    stop();
    heartbeats.shutdownNow();
  }

  private static boolean anyAlive(List<Thread> threads) {
    return threads.stream().anyMatch(Thread::isAlive);
  }

  private static void joinUntil(List<Thread> threads, long deadlineNanos) {
    for (Thread thread : threads) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public boolean isRunning() {
    return current != null;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  static ScheduledExecutorService heartbeatScheduler() {
    return Executors.newScheduledThreadPool(
        2,
        runnable -> {
          Thread thread = new Thread(runnable, "taper-heartbeat");
          thread.setDaemon(true);
          return thread;
        });
  }
}
