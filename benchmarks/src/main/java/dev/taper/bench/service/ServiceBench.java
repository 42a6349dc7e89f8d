package dev.taper.bench.service;

import dev.taper.queue.StageQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The service benchmark, in one run: the queue's claims per second against a bare JDBC loop, the
 * time from an enqueue to an idle worker's claim, and API latency while stages train.
 */
final class ServiceBench {

  private final ServiceBenchSettings settings;

  ServiceBench(ServiceBenchSettings settings) {
    this.settings = settings;
  }

  Map<String, Object> run() throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("date", Instant.now().toString());
    result.put("settings", settings.describe());
    result.put("machine", Host.describe());
    Path dir =
        settings
            .work()
            .resolve(
                "bench-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(dir);
    log("working in %s", dir);
    try (LoadMonitor load = new LoadMonitor(5)) {
      if (settings.parts().contains("claims") || settings.parts().contains("enqueue")) {
        queueParts(dir, result);
      }
      if (settings.parts().contains("api")) {
        result.put("api", api(dir));
      }
      result.put("load_during_run", load.summary());
    }
    result.put("work_directory", dir.toString());
    return result;
  }

  /** Claims and enqueue-to-start, through Taper's beans on a PostgreSQL of the harness. */
  private void queueParts(Path dir, Map<String, Object> result) throws Exception {
    try (BenchPostgres postgres = BenchPostgres.start(dir.resolve("postgres"), 100);
        TaperContext taper = TaperContext.start(postgres.jdbcUrl(), dir.resolve("home"))) {
      JdbcClient jdbc = taper.bean(JdbcClient.class);
      StageQueue queue = taper.bean(StageQueue.class);
      TransactionTemplate transactions = taper.bean(TransactionTemplate.class);
      result.put(
          "database",
          Map.of(
              "server",
              jdbc.sql("select version()").query(String.class).single(),
              "fsync",
              jdbc.sql("show fsync").query(String.class).single(),
              "synchronous_commit",
              jdbc.sql("show synchronous_commit").query(String.class).single()));
      if (settings.parts().contains("claims")) {
        result.put("claims", claims(new ClaimBench(jdbc, postgres.jdbcUrl(), queue, transactions)));
      }
      if (settings.parts().contains("enqueue")) {
        result.put(
            "enqueue_to_start",
            enqueueToStart(
                new EnqueueToStart(jdbc, taper.bean(DataSource.class), queue, transactions)));
      }
    }
  }

  /** Every commit mode asked for; the headline numbers are the durable ones. */
  private Map<String, Object> claims(ClaimBench bench) throws Exception {
    Map<String, Object> claims = new LinkedHashMap<>();
    for (String commits : settings.claimCommits()) {
      bench.durable(commits.equals("durable"));
      claims.put(commits, claims(bench, commits));
    }
    bench.durable(true);
    double ratioAtFour = Double.NaN;
    if (claims.get("durable") instanceof Map<?, ?> durable
        && durable.get("by_claimers") instanceof Map<?, ?> byClaimers
        && byClaimers.get("4") instanceof Map<?, ?> four
        && four.get("claim_ratio") instanceof Double ratio) {
      ratioAtFour = ratio;
    }
    claims.put(
        "target",
        Target.atLeast("claim_ratio at 4 claimers, durable commits", 0.8).judge(ratioAtFour));
    return claims;
  }

  private Map<String, Object> claims(ClaimBench bench, String commits) throws Exception {
    // one untimed run of each path first: JIT, connection pool, the database's caches
    bench.run("raw", 4, Math.min(2_000, settings.claimJobs()));
    bench.run("taper", 4, Math.min(2_000, settings.claimJobs()));
    List<ClaimRun> runs = new ArrayList<>();
    Map<String, Object> byClaimers = new LinkedHashMap<>();
    for (int claimers : settings.claimers()) {
      List<Double> taper = new ArrayList<>();
      List<Double> raw = new ArrayList<>();
      List<Double> taperClaim = new ArrayList<>();
      List<Double> taperComplete = new ArrayList<>();
      List<Double> rawClaim = new ArrayList<>();
      List<Double> rawComplete = new ArrayList<>();
      for (int run = 1; run <= settings.runs(); run++) {
        // alternate which path goes first, so that drift in the machine's load favours neither
        List<String> order = run % 2 == 1 ? List.of("raw", "taper") : List.of("taper", "raw");
        for (String path : order) {
          ClaimRun r = bench.run(path, claimers, settings.claimJobs());
          runs.add(r);
          boolean isRaw = path.equals("raw");
          (isRaw ? raw : taper).add(r.claimsPerSecond());
          (isRaw ? rawClaim : taperClaim).add(r.claimMicros());
          (isRaw ? rawComplete : taperComplete).add(r.completeMicros());
          log(
              "%s commits, %s, %d claimer(s), run %d: %.0f claims/s (claim %.0f us, complete %.0f"
                  + " us), load %s",
              commits,
              path,
              claimers,
              run,
              r.claimsPerSecond(),
              r.claimMicros(),
              r.completeMicros(),
              Host.loadAverageText());
        }
      }
      Map<String, Object> m = new LinkedHashMap<>();
      double taperMedian = Numbers.median(taper);
      double rawMedian = Numbers.median(raw);
      m.put("claims_per_s", Numbers.round(taperMedian, 0));
      m.put("raw_claims_per_s", Numbers.round(rawMedian, 0));
      m.put("claim_ratio", Numbers.round(taperMedian / rawMedian, 3));
      m.put("claim_us", Numbers.round(Numbers.median(taperClaim), 0));
      m.put("complete_us", Numbers.round(Numbers.median(taperComplete), 0));
      m.put("raw_claim_us", Numbers.round(Numbers.median(rawClaim), 0));
      m.put("raw_complete_us", Numbers.round(Numbers.median(rawComplete), 0));
      byClaimers.put(String.valueOf(claimers), m);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("by_claimers", byClaimers);
    result.put("runs", runs);
    return result;
  }

  private Map<String, Object> enqueueToStart(EnqueueToStart bench) throws Exception {
    bench.run(Math.min(50, settings.enqueueSamples()), 0);
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Map<String, Object>> runs = new ArrayList<>();
    for (int run = 1; run <= settings.runs(); run++) {
      List<Double> latencies = bench.run(settings.enqueueSamples(), run);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("samples", latencies.size());
      r.put("p50_ms", Numbers.round(Numbers.percentile(latencies, 50), 2));
      r.put("p99_ms", Numbers.round(Numbers.percentile(latencies, 99), 2));
      r.put("max_ms", Numbers.round(Numbers.percentile(latencies, 100), 2));
      r.put("min_ms", Numbers.round(Numbers.percentile(latencies, 0), 2));
      runs.add(r);
      p50.add(Numbers.percentile(latencies, 50));
      p99.add(Numbers.percentile(latencies, 99));
      log(
          "enqueue to start, run %d: p50 %.2f ms, p99 %.2f ms, max %.2f ms, load %s",
          run,
          p50.get(p50.size() - 1),
          p99.get(p99.size() - 1),
          Numbers.percentile(latencies, 100),
          Host.loadAverageText());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enqueue_to_start_p50_ms", Numbers.round(Numbers.median(p50), 2));
    m.put("enqueue_to_start_p99_ms", Numbers.round(Numbers.median(p99), 2));
    m.put("target", Target.below("enqueue_to_start p50 ms", 50).judge(Numbers.median(p50)));
    m.put("runs", runs);
    return m;
  }

  private Map<String, Object> api(Path dir) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spec", ApiLatency.specTemplate());
    m.put(
        "load",
        settings.apiRate()
            + " requests/s open loop (Java HttpClient, HTTP/1.1, latency from each request's due"
            + " time), GET /api/v1/experiments/{id} and GET /api/v1/jobs/{id} in turn, of the"
            + " training experiment and its WIDE stage");
    m.putAll(new ApiLatency(settings, dir).run());
    return m;
  }

  static void log(String format, Object... args) {
    System.err.println("[service-bench] " + String.format(format, args));
  }
}
