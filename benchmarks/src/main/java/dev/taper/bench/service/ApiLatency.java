package dev.taper.bench.service;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API latency while stages train: Taper as a single machine runs it (one JVM, role {@code all}, its
 * embedded PostgreSQL, no JVM options: {@code java -jar taper-exec.jar}) trains a WIDE stage while
 * {@link OpenLoopLoad} reads {@code GET /api/v1/experiments/{id}} and {@code GET /api/v1/jobs/{id}}
 * at a fixed rate; then a second worker JVM on the same machine and database trains another WIDE
 * stage and the load runs again.
 */
final class ApiLatency {

  /** The API's target, for each setting: besides it, no request may fail. */
  static final Target P99 = Target.below("api p99 ms", 50);

  private static final String SPEC =
      """
      {"name": "api-bench-%d", "dataset": "%s",
       "model": {"family": "mlp", "depth": 4, "width": 32}, "widenFactor": 8, "seed": %d,
       "device": "cpu",
       "wide": {"epochs": %d, "batchSize": 128},
       "imitate": {"stepsPerLayer": 100}, "finetune": {"epochs": 2},
       "baselines": []}
      """;

  private final ServiceBenchSettings settings;
  private final Path dir;

  ApiLatency(ServiceBenchSettings settings, Path dir) {
    this.settings = settings;
    this.dir = dir;
  }

  static String specTemplate() {
    return SPEC.replaceAll("\\s+", " ").trim();
  }

  /** Both settings: one stage training, then two. */
  Map<String, Object> run() throws Exception {
    Path home = dir.resolve("home-all");
    Path logs = dir.resolve("logs");
    Files.createDirectories(logs);
    TaperJvm all =
        TaperJvm.start(
            "all",
            settings.jar(),
            logs,
            List.of("-Xlog:gc*:file=" + logs.resolve("gc-all.log")),
            List.of(
                "--taper.role=all",
                "--taper.home=" + home,
                "--taper.datasets.download=false",
                "--taper.worker.drain-timeout=1s"));
    TaperJvm second = null;
    Map<String, Object> result = new LinkedHashMap<>();
    try {
      all.awaitReady(Duration.ofMinutes(5));
      TaperApi api = new TaperApi(all.baseUrl());
      String experiment = api.submit(spec(1));
      long wide = api.awaitTraining(experiment, "WIDE", Duration.ofMinutes(10));
      List<URI> targets =
          List.of(
              URI.create(all.baseUrl() + "/api/v1/experiments/" + experiment),
              URI.create(all.baseUrl() + "/api/v1/jobs/" + wide));
      result.put("one_stage", measure(targets, api, List.of(wide), "one stage"));

      second =
          TaperJvm.start(
              "worker2",
              settings.jar(),
              logs,
              List.of(),
              List.of(
                  "--taper.role=worker",
                  "--taper.home=" + home,
                  "--spring.datasource.url=jdbc:postgresql://localhost:" + port(home) + "/postgres",
                  "--spring.datasource.username=postgres",
                  "--spring.flyway.enabled=false",
                  "--taper.datasets.download=false",
                  "--taper.worker.drain-timeout=1s"));
      second.awaitReady(Duration.ofMinutes(5));
      String other = api.submit(spec(2));
      long otherWide = api.awaitTraining(other, "WIDE", Duration.ofMinutes(10));
      result.put("two_stages", measure(targets, api, List.of(wide, otherWide), "two stages"));
      return result;
    } finally {
      if (second != null) {
        second.stop(Duration.ofSeconds(60));
      }
      all.stop(Duration.ofSeconds(90));
    }
  }

  private String spec(int seed) {
    return SPEC.formatted(seed, settings.apiDataset(), seed, settings.apiWideEpochs());
  }

  /** A warm-up, then the measured runs; every stage in {@code training} must train throughout. */
  private Map<String, Object> measure(
      List<URI> targets, TaperApi api, List<Long> training, String what) throws Exception {
    OpenLoopLoad load = new OpenLoopLoad();
    log("%s: %d s of warm-up load", what, settings.apiWarmupSeconds());
    load.run(targets, settings.apiRate(), Duration.ofSeconds(settings.apiWarmupSeconds()));
    List<Map<String, Object>> runs = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    long errors = 0;
    boolean trainedThroughout = true;
    for (int run = 1; run <= settings.runs(); run++) {
      String loadBefore = Host.loadAverageText();
      LoadResult result =
          load.run(targets, settings.apiRate(), Duration.ofSeconds(settings.apiSeconds()));
      Map<String, Object> described = result.describe();
      described.put("load_average_before", loadBefore);
      for (long job : training) {
        trainedThroughout &= api.status(job).equals("RUNNING");
      }
      runs.add(described);
      p50.add(result.p(50));
      p99.add(result.p(99));
      errors += result.errorCount();
      log(
          "%s, run %d: p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d errors, load %s",
          what, run, result.p(50), result.p(99), result.p(100), result.errorCount(), loadBefore);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("api_p50_ms", Numbers.round(Numbers.median(p50), 2));
    m.put("api_p99_ms", Numbers.round(Numbers.median(p99), 2));
    m.put("errors", errors);
    m.put("target", P99.judge(Numbers.median(p99)));
    m.put("stages_trained_throughout", trainedThroughout);
    m.put("runs", runs);
    return m;
  }

  /** The embedded server's port: the fourth line of its {@code postmaster.pid}. */
  private static int port(Path home) throws java.io.IOException {
    return Integer.parseInt(
        Files.readAllLines(home.resolve("postgres").resolve("postmaster.pid")).get(3).trim());
  }

  private static void log(String format, Object... args) {
    System.err.println("[service-bench] " + String.format(format, args));
  }
}
