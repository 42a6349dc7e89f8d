package dev.taper.observability;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Gauges read from the database and the machine: jobs by kind and status, alive and busy workers,
 * the test accuracy of the latest model of each role, resident and GPU memory. The database's
 * gauges say the same in every process, so a dashboard's figure neither depends on which worker
 * trained last nor disappears when a process restarts.
 *
 * <p>A scrape never waits for the database: a gauge answers from the last snapshot and, when that
 * is older than {@link #MAX_AGE}, asks one background thread for a fresh one. So a scrape shows
 * values at most one scrape interval (plus {@code MAX_AGE}) old. Where the tables are missing (no
 * migrations yet) or the database is down, the database gauges read NaN rather than a false 0.
 */
@Component
public class FleetMetrics {

  static final Duration MAX_AGE = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(FleetMetrics.class);

  private static final String JOBS_SQL =
      "SELECT kind, status, count(*) AS n FROM stage_job GROUP BY kind, status";

  // Busy counts only alive workers: a dead worker's running_job is stale until reclaim clears it.
  private static final String WORKERS_SQL =
      """
      SELECT count(*) AS alive,
             count(*) FILTER (WHERE running_job IS NOT NULL) AS busy
        FROM worker
       WHERE last_seen > now() - interval '30 seconds'
      """;

  // The latest model of each role that has a test accuracy (a non-finite one is stored as null),
  // one index look-up a role (model_latest_tested) rather than a sort of every model.
  private static final String MODELS_SQL =
      """
      SELECT r.role, (latest.metrics ->> 'testAccuracy')::float8 AS accuracy
        FROM unnest(cast(:roles AS text[])) AS r(role)
        CROSS JOIN LATERAL (
              SELECT metrics
                FROM model
               WHERE role = r.role AND jsonb_typeof(metrics -> 'testAccuracy') = 'number'
               ORDER BY created_at DESC, id DESC
               LIMIT 1) AS latest
      """;

  private final TaperMetrics metrics;
  private final JdbcClient jdbc;
  private final ExecutorService refresher =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "taper-fleet-metrics");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private final Set<String> registeredJobs = ConcurrentHashMap.newKeySet();
  private volatile Snapshot snapshot = Snapshot.UNKNOWN;

  public FleetMetrics(TaperMetrics metrics, JdbcClient jdbc) {
    this.metrics = metrics;
    this.jdbc = jdbc;
    // every kind in every status from the start, so dashboards show zeros rather than gaps
    for (String kind : metrics.vocabulary().stageKinds()) {
      for (String status : metrics.vocabulary().jobStatuses()) {
        registerJobs(kind, status);
      }
    }
    // every role from the start, NaN until its first model: the panel's series exist at once
    for (String role : metrics.vocabulary().modelRoles()) {
      metrics.modelAccuracyGauge(role, this, m -> m.current().accuracy(role));
    }
    metrics.workersGauges(this, m -> m.current().workersAlive(), m -> m.current().workersBusy());
    metrics.nativeMemoryGauge("process_resident", "host", this, m -> ProcessMemory.residentBytes());
    int gpus = gpuCount();
    for (int gpu = 0; gpu < gpus; gpu++) {
      Device device = Device.gpu(gpu);
      metrics.nativeMemoryGauge("gpu_used", "gpu" + gpu, device, FleetMetrics::gpuUsedBytes);
    }
    // read once now, in the background, so a restarted process's first scrape has the figures
    current();
  }

  /** Reads the database now, on the caller's thread. */
  public void refreshNow() {
    Map<JobKey, Long> jobs = readJobs();
    Map<String, Double> accuracies = readLatestAccuracies();
    snapshot = new Snapshot(System.nanoTime(), jobs, readWorkers(), accuracies);
    if (jobs != null) {
      // Kinds or statuses added after this class was written still get their gauge.
      jobs.keySet().forEach(key -> registerJobs(key.kind(), key.status()));
    }
  }

  @PreDestroy
  void stop() {
    refresher.shutdownNow();
  }

  private Snapshot current() {
    Snapshot seen = snapshot;
    boolean stale =
        seen == Snapshot.UNKNOWN || System.nanoTime() - seen.takenAtNanos() > MAX_AGE.toNanos();
    if (stale && refreshing.compareAndSet(false, true)) {
      try {
        refresher.execute(
            () -> {
              try {
                refreshNow();
              } finally {
                refreshing.set(false);
              }
            });
      } catch (RejectedExecutionException shuttingDown) {
        refreshing.set(false);
      }
    }
    return seen;
  }

  private void registerJobs(String kind, String status) {
    if (registeredJobs.add(kind + '|' + status)) {
      JobKey key = new JobKey(kind, status);
      metrics.jobsGauge(kind, status, this, m -> m.current().jobs(key));
    }
  }

  private Map<String, Double> readLatestAccuracies() {
    try {
      Map<String, Double> accuracies = new HashMap<>();
      jdbc.sql(MODELS_SQL)
          .param("roles", metrics.vocabulary().modelRoles().toArray(String[]::new))
          .query(
              rs -> {
                accuracies.put(rs.getString("role"), rs.getDouble("accuracy"));
              });
      return accuracies;
    } catch (RuntimeException e) {
      log.debug("Cannot read the latest models' accuracies: {}", e.toString());
      return null;
    }
  }

  private Map<JobKey, Long> readJobs() {
    try {
      Map<JobKey, Long> counts = new HashMap<>();
      jdbc.sql(JOBS_SQL)
          .query(
              rs -> {
                counts.put(
                    new JobKey(rs.getString("kind"), rs.getString("status")), rs.getLong("n"));
              });
      return counts;
    } catch (RuntimeException e) {
      log.debug("Cannot count stage jobs: {}", e.toString());
      return null;
    }
  }

  private double[] readWorkers() {
    try {
      return jdbc.sql(WORKERS_SQL)
          .query((rs, row) -> new double[] {rs.getLong("alive"), rs.getLong("busy")})
          .single();
    } catch (RuntimeException e) {
      log.debug("Cannot count workers: {}", e.toString());
      return null;
    }
  }

  private static int gpuCount() {
    try {
      return CudaUtils.getGpuCount();
    } catch (RuntimeException | LinkageError noCuda) {
      return 0;
    }
  }

  private static double gpuUsedBytes(Device device) {
    try {
      return CudaUtils.getGpuMemory(device).getUsed();
    } catch (RuntimeException | LinkageError e) {
      return Double.NaN;
    }
  }

  private record JobKey(String kind, String status) {}

  /**
   * {@code jobs}, {@code workers} or {@code accuracies} is null where the database could not
   * answer.
   */
  private record Snapshot(
      long takenAtNanos, Map<JobKey, Long> jobs, double[] workers, Map<String, Double> accuracies) {

    static final Snapshot UNKNOWN = new Snapshot(0, null, null, null);

    double jobs(JobKey key) {
      return jobs == null ? Double.NaN : jobs.getOrDefault(key, 0L);
    }

    double workersAlive() {
      return workers == null ? Double.NaN : workers[0];
    }

    double workersBusy() {
      return workers == null ? Double.NaN : workers[1];
    }

    double accuracy(String role) {
      return accuracies == null ? Double.NaN : accuracies.getOrDefault(role, Double.NaN);
    }
  }
}
