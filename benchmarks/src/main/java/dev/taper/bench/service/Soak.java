package dev.taper.bench.service;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The fault soak: an API JVM and several worker JVMs on one PostgreSQL work through a batch of
 * experiments while a randomly chosen worker is SIGKILLed (and started again) at a fixed interval;
 * afterwards the database is checked ({@link SoakChecks}) and the workers' resident memory judged
 * ({@link RssSeries}).
 */
final class Soak {

  private final SoakSettings settings;

  Soak(SoakSettings settings) {
    this.settings = settings;
  }

  Map<String, Object> run() throws Exception {
    Map<String, Object> host = Host.describe();
    Path dir =
        settings
            .work()
            .resolve(
                "soak-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(dir);
    log("working in %s (logs in %s)", dir, dir.resolve("logs"));
    List<Kill> kills = new ArrayList<>();
    List<String> unexpectedExits = new ArrayList<>();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    try (LoadMonitor load = new LoadMonitor(5);
        BenchPostgres postgres = BenchPostgres.start(dir.resolve("postgres"), 200);
        HikariDataSource pool = postgres.pool("soak-harness", 2);
        SoakFleet fleet =
            new SoakFleet(settings, postgres.jdbcUrl(), dir.resolve("home"), dir.resolve("logs"))) {
      JdbcClient jdbc = JdbcClient.create(pool);
      SoakChecks checks = new SoakChecks(jdbc);
      TaperJvm api = fleet.startApi();
      log("API ready on port %d; starting %d workers", api.port(), settings.workers());
      fleet.startWorkers();
      sampler.scheduleAtFixedRate(
          fleet::sampleRss, 0, settings.rssEverySeconds(), TimeUnit.SECONDS);

      Instant submitted = Instant.now();
      List<UUID> experiments = new SoakWorkload(api.baseUrl()).submit(settings.experiments());
      log("submitted %d experiments in %s", experiments.size(), since(submitted));

      Random random = new Random(settings.seed());
      // the kill phase starts once every worker is up: on a busy machine starting four JVMs takes
      // minutes, and kills before then would hit no stage
      awaitRegistered(jdbc, fleet.firstIds(), Duration.ofMinutes(settings.drainMinutes()));
      Instant killStart = Instant.now();
      log(
          "all %d workers up after %s; the kill phase begins",
          settings.workers(), since(submitted));
      Instant killPhaseEnd = killStart.plusMillis(Math.round(settings.minutes() * 60_000));
      Instant deadline = killPhaseEnd.plus(Duration.ofMinutes(settings.drainMinutes()));
      Instant nextKill = killStart.plusSeconds(settings.killEverySeconds());
      Instant nextReport = Instant.now();
      Instant workDone = null;
      int skippedKills = 0;
      Long unfinishedAtKillPhaseEnd = null;
      Long stagesSucceededAtKillPhaseEnd = null;
      while (true) {
        Instant now = Instant.now();
        long unfinished = checks.unfinishedExperiments();
        if (unfinishedAtKillPhaseEnd == null && !now.isBefore(killPhaseEnd)) {
          unfinishedAtKillPhaseEnd = unfinished;
          stagesSucceededAtKillPhaseEnd = checks.succeededStages();
          log("kill phase over: %d experiments unfinished; draining without kills", unfinished);
        }
        if (unfinished == 0) {
          workDone = now;
          break;
        }
        if (now.isAfter(deadline)) {
          log("%d experiments still unfinished at the deadline; giving up", unfinished);
          break;
        }
        if (now.isBefore(killPhaseEnd) && !now.isBefore(nextKill)) {
          Optional<Kill> kill = kill(fleet, random, jdbc, submitted);
          kill.ifPresent(kills::add);
          skippedKills += kill.isEmpty() ? 1 : 0;
          nextKill = nextKill.plusSeconds(settings.killEverySeconds());
        }
        for (WorkerIncarnation crashed : fleet.restartCrashed()) {
          unexpectedExits.add(crashed.id() + " (see " + crashed.jvm().log() + ")");
          log("worker %s exited without being killed; started its slot again", crashed.id());
        }
        if (!now.isBefore(nextReport)) {
          log(
              "%s: %d of %d experiments unfinished, %d stages succeeded, %d kills, load %s",
              since(submitted),
              unfinished,
              experiments.size(),
              checks.succeededStages(),
              kills.size(),
              Host.loadAverageText());
          nextReport = now.plusSeconds(30);
        }
        // the soak's clock: kills, restarts and progress are read from the database and the
        // processes every half second; nothing in this JVM could signal them
        Thread.sleep(500);
      }
      Instant end = workDone != null ? workDone : Instant.now();
      List<WorkerIncarnation> survivors = fleet.alive();
      sampler.shutdownNow();
      fleet.close();

      Set<String> killed = new HashSet<>();
      kills.forEach(k -> killed.add(k.worker()));
      Map<String, Long> counts = checks.run(settings.experiments(), killed);
      counts.put("kills", (long) kills.size());
      counts.put("kill_times_skipped_as_no_worker_was_up", (long) skippedKills);
      counts.put(
          "kills_of_a_worker_holding_a_lease",
          kills.stream().filter(k -> k.runningJob() != null).count());
      counts.put("unexpected_worker_exits", (long) unexpectedExits.size());
      counts.put("lease_lost_log_lines", countLogLines(dir.resolve("logs"), "lost its lease"));
      counts.put(
          "worker_loop_error_log_lines", countLogLines(dir.resolve("logs"), "worker loop error"));

      Map<String, Object> result = new LinkedHashMap<>();
      result.put("date", Instant.now().toString());
      result.put("settings", settings.describe());
      result.put("machine", host);
      result.put("load_during_run", load.summary());
      result.put(
          "kill_phase_started_after_seconds",
          Numbers.round(Duration.between(submitted, killStart).toMillis() / 1000.0, 1));
      result.put(
          "wall_seconds", Numbers.round(Duration.between(submitted, end).toMillis() / 1000.0, 1));
      result.put(
          "work_finished_within_kill_phase", workDone != null && workDone.isBefore(killPhaseEnd));
      // null when the work ran out before the kill phase ended
      result.put("experiments_unfinished_at_kill_phase_end", unfinishedAtKillPhaseEnd);
      result.put("stages_succeeded_at_kill_phase_end", stagesSucceededAtKillPhaseEnd);
      result.put("counts", counts);
      result.put("attempts_per_stage_job", checks.attemptsHistogram());
      List<String> failed =
          SoakChecks.mustBeZero().stream().filter(name -> counts.get(name) != 0).toList();
      List<String> problems = new ArrayList<>(failed);
      if (workDone == null) {
        problems.add("experiments unfinished at the deadline");
      }
      if (!unexpectedExits.isEmpty()) {
        problems.add("workers exited without being killed: " + unexpectedExits);
      }
      result.put("overlapping_lease_examples", checks.overlapExamples());
      result.put("kills", kills);
      Map<String, Object> memory = memory(fleet, survivors, jdbc);
      result.put("memory", memory);
      if (!Boolean.TRUE.equals(memory.get("flat"))) {
        problems.add("surviving workers' RSS: " + memory.get("verdict"));
      }
      result.put("problems", problems);
      result.put("passed", problems.isEmpty());
      result.put("work_directory", dir.toString());
      return result;
    } finally {
      sampler.shutdownNow();
    }
  }

  private Optional<Kill> kill(SoakFleet fleet, Random random, JdbcClient jdbc, Instant submitted)
      throws IOException, InterruptedException {
    Set<String> registered =
        new HashSet<>(jdbc.sql("select id from worker").query(String.class).list());
    Optional<WorkerIncarnation> chosen = fleet.pickVictim(random, registered);
    if (chosen.isEmpty()) {
      return Optional.empty();
    }
    WorkerIncarnation victim = chosen.get();
    Long running =
        jdbc.sql("select id from stage_job where status = 'RUNNING' and leased_by = :worker")
            .param("worker", victim.id())
            .query(Long.class)
            .optional()
            .orElse(null);
    double lifetime = victim.lifetimeSeconds();
    fleet.killAndRestart(victim);
    Kill kill =
        new Kill(
            Numbers.round(Duration.between(submitted, Instant.now()).toMillis() / 1000.0, 1),
            victim.id(),
            victim.jvm().pid(),
            Numbers.round(lifetime, 1),
            running);
    log("kill %s (pid %d, job %s)", victim.id(), victim.jvm().pid(), running);
    return Optional.of(kill);
  }

  /** Waits until every worker in {@code ids} has registered in the {@code worker} table. */
  private static void awaitRegistered(JdbcClient jdbc, List<String> ids, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (jdbc.sql("select count(*) from worker where id in (:ids)")
            .param("ids", ids)
            .query(Long.class)
            .single()
        < ids.size()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("workers " + ids + " not all up after " + timeout);
      }
      // other processes' start-up: the database is where they say they are up
      Thread.sleep(1000);
    }
  }

  /**
   * The RSS verdict: every survivor that lived long enough after warm-up must have a fitted slope
   * of at most the configured MiB per minute, and at least one must have been judged.
   */
  private Map<String, Object> memory(
      SoakFleet fleet, List<WorkerIncarnation> survivors, JdbcClient jdbc) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "criterion",
        "RSS (VmRSS) of every worker alive at the end is sampled every "
            + settings.rssEverySeconds()
            + " s; its warm-up lasts until it has claimed "
            + settings.warmupStages()
            + " stages, and at least "
            + settings.warmupSeconds()
            + " s; a least-squares line is fitted to the rest, and a"
            + " worker with at least "
            + settings.minWindowSeconds()
            + " s of samples after warm-up is flat when the line's slope is at most "
            + settings.maxSlopeMibPerMinute()
            + " MiB/min");
    List<Map<String, Object>> workers = new ArrayList<>();
    boolean allFlat = true;
    int judged = 0;
    for (WorkerIncarnation w : fleet.incarnations()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("worker", w.id());
      row.put("slot", w.slot());
      row.put("survivor", survivors.contains(w));
      row.put("killed", w.killed());
      row.put("lifetime_seconds", Numbers.round(w.lifetimeSeconds(), 0));
      row.put("claims", claims(jdbc, w.id()));
      double warmup = warmupSeconds(jdbc, w);
      row.put("warmup_seconds", Numbers.round(warmup, 0));
      Map<String, Object> summary =
          w.rss().summary(warmup, settings.minWindowSeconds(), settings.maxSlopeMibPerMinute());
      row.putAll(summary);
      if (survivors.contains(w) && Boolean.TRUE.equals(summary.get("judged"))) {
        judged++;
        allFlat &= Boolean.TRUE.equals(summary.get("flat"));
        row.put("series", w.rss().points());
      }
      workers.add(row);
    }
    m.put("workers", workers);
    Map<String, Object> api =
        fleet
            .apiRss()
            .summary(
                settings.warmupSeconds(),
                settings.minWindowSeconds(),
                settings.maxSlopeMibPerMinute());
    m.put("api", api);
    m.put("survivors_judged", judged);
    boolean flat = judged > 0 && allFlat;
    m.put("flat", flat);
    m.put(
        "verdict",
        judged == 0
            ? "no survivor lived long enough after warm-up to be judged"
            : allFlat ? "flat" : "growing");
    return m;
  }

  /**
   * When {@code w}'s warm-up ended, in seconds of its life: at its {@code warmupStages}-th claim
   * (infinite when it never made that many), and not before {@code warmupSeconds}.
   */
  private double warmupSeconds(JdbcClient jdbc, WorkerIncarnation w) {
    return jdbc.sql(
            "select claimed_at from job_claim_audit where worker = :worker"
                + " order by claimed_at offset :skip limit 1")
        .param("worker", w.id())
        .param("skip", settings.warmupStages() - 1)
        .query(java.time.OffsetDateTime.class)
        .optional()
        .map(
            claim ->
                Math.max(
                    settings.warmupSeconds(),
                    Duration.between(w.jvm().started(), claim.toInstant()).toMillis() / 1000.0))
        .orElse(Double.POSITIVE_INFINITY);
  }

  private static long claims(JdbcClient jdbc, String worker) {
    return jdbc.sql("select count(*) from job_claim_audit where worker = :worker")
        .param("worker", worker)
        .query(Long.class)
        .single();
  }

  private static long countLogLines(Path logs, String marker) throws IOException {
    long count = 0;
    try (Stream<Path> files = Files.list(logs)) {
      for (Path file : files.toList()) {
        try (Stream<String> lines = Files.lines(file)) {
          count += lines.filter(line -> line.contains(marker)).count();
        }
      }
    }
    return count;
  }

  private static String since(Instant start) {
    long s = Duration.between(start, Instant.now()).toSeconds();
    return String.format("%d:%02d", s / 60, s % 60);
  }

  static void log(String format, Object... args) {
    System.err.println("[soak] " + String.format(format, args));
  }
}
