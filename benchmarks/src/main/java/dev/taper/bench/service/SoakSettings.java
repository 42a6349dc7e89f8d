package dev.taper.bench.service;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a fault soak runs.
 *
 * @param minutes how long workers are killed, from the moment all are up (the kill phase ends early
 *     when the work runs out)
 * @param killEverySeconds the pause between two kills
 * @param experiments how many experiments are submitted, all at the start
 * @param workers worker JVMs
 * @param spareWorkers workers never killed (the first ones), so that at least one process runs the
 *     whole soak and its memory can be watched over hundreds of stages
 * @param seed of the random choice of victims
 * @param rssEverySeconds how often every worker's resident memory is read
 * @param warmupSeconds the start of each worker's life left out of the memory fit, at least
 * @param warmupStages the claims a worker must have made before its warm-up ends: memory grows
 *     while the first stages of each kind load libtorch's kernels and fill its allocator's caches,
 *     and a JVM start takes minutes on a busy machine, so time alone is no measure
 * @param minWindowSeconds the least time after warm-up a worker must have lived to be judged
 * @param maxSlopeMibPerMinute the largest fitted RSS slope after warm-up that counts as flat
 * @param drainMinutes how long to wait, after the kill phase, for the experiments to end
 * @param jar the service's executable jar
 * @param work where the database, Taper's home and the logs go
 * @param out where NAME.json and NAME.md are written
 * @param name the result files' name
 * @param workerJvmOptions options of every worker JVM
 * @param workerProperties Taper properties of every worker JVM
 */
record SoakSettings(
    double minutes,
    int killEverySeconds,
    int experiments,
    int workers,
    int spareWorkers,
    long seed,
    int rssEverySeconds,
    int warmupSeconds,
    int warmupStages,
    int minWindowSeconds,
    double maxSlopeMibPerMinute,
    int drainMinutes,
    Path jar,
    Path work,
    Path out,
    String name,
    List<String> workerJvmOptions,
    List<String> workerProperties) {

  /**
   * Heap fixed and touched up front, so that RSS growth after warm-up is native memory (libtorch's
   * allocator, malloc arenas, metaspace, code), not the Java heap growing into its maximum; C1
   * only, as in the crash tests, because each restart on a small machine costs half as much CPU
   * then and training runs in libtorch either way; one libtorch thread each, as four workers share
   * the machine's cores (OpenMP threads spin-waiting on each other's cores slow training many
   * times).
   */
  static final String DEFAULT_WORKER_JVM_OPTIONS =
      "-Xms512m -Xmx512m -XX:+AlwaysPreTouch -XX:TieredStopAtLevel=1"
          + " -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1";

  /**
   * Leases short enough that a killed worker's stage is taken back within seconds; many attempts,
   * since a stage may be killed more than the default three times; claims audited.
   */
  static final List<String> QUICK_QUEUE =
      List.of(
          "--taper.queue.audit-claims=true",
          "--taper.worker.lease=10s",
          "--taper.worker.heartbeat-interval=1s",
          "--taper.worker.poll-interval=2s",
          "--taper.worker.reclaim-interval=1s",
          "--taper.worker.retry-backoff=1s",
          "--taper.worker.max-retry-backoff=2s",
          "--taper.worker.checkpoint-interval=2s",
          "--taper.worker.max-attempts=20");

  static SoakSettings parse(String[] arguments) {
    Args args = new Args(arguments);
    SoakSettings settings =
        new SoakSettings(
            args.decimal("minutes", 10),
            args.integer("kill-every", 20),
            args.integer("experiments", 200),
            args.integer("workers", 4),
            args.integer("spare-workers", 1),
            args.integer("seed", 1),
            args.integer("rss-every", 5),
            args.integer("warmup", 120),
            args.integer("warmup-stages", 30),
            args.integer("min-window", 180),
            args.decimal("max-slope", 1.0),
            args.integer("drain-minutes", 20),
            args.path("jar", "service/target/taper-exec.jar"),
            args.path("work", System.getProperty("java.io.tmpdir") + "/taper-soak"),
            args.path("out", "benchmarks/results"),
            args.string("name", "soak"),
            List.of(args.string("worker-jvm-options", DEFAULT_WORKER_JVM_OPTIONS).split("\\s+")),
            QUICK_QUEUE);
    args.requireAllRead();
    if (settings.spareWorkers() >= settings.workers()) {
      throw new IllegalArgumentException("--spare-workers must leave at least one worker to kill");
    }
    return settings;
  }

  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kill_phase_minutes", minutes);
    m.put("kill_every_seconds", killEverySeconds);
    m.put("experiments", experiments);
    m.put("workers", workers);
    m.put("spare_workers", spareWorkers);
    m.put("victim_seed", seed);
    m.put("rss_every_seconds", rssEverySeconds);
    m.put("rss_warmup_seconds", warmupSeconds);
    m.put("rss_warmup_stages", warmupStages);
    m.put("rss_min_window_seconds", minWindowSeconds);
    m.put("rss_max_slope_mib_per_minute", maxSlopeMibPerMinute);
    m.put("drain_minutes", drainMinutes);
    m.put("worker_jvm_options", String.join(" ", workerJvmOptions));
    m.put("worker_properties", workerProperties);
    m.put("experiment_spec", SoakWorkload.specTemplate());
    return m;
  }
}
