package dev.taper.bench.service;

import dev.taper.bench.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The walk-through's wall time, submission to SUCCEEDED, through a Taper process started afresh for
 * each run (its own {@code TAPER_HOME}), in four settings: libtorch's default threads (one per
 * core) or one thread, on an idle machine or beside a program that keeps one core busy (a spinning
 * thread in this harness's JVM, started once Taper is ready). The settings take turns within each
 * run, so slow spells of a shared machine fall on all of them. The accuracies are recorded too: the
 * thread count changes the order of libtorch's sums, so they differ between thread counts and not
 * between loads.
 */
final class BusyMachine {

  /**
   * @param runs repetitions of every setting; medians are reported
   * @param spec the experiment spec (its {@code study} section, which only the study runner reads,
   *     is dropped)
   * @param jar the service's executable jar
   * @param work where the runs' homes and logs go
   * @param out where NAME.json and NAME.md are written
   * @param name the result files' name
   */
  record Settings(int runs, Path spec, Path jar, Path work, Path out, String name) {

    Map<String, Object> describe() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("runs", runs);
      m.put("spec", Path.of("").toAbsolutePath().relativize(spec).toString());
      return m;
    }
  }

  /** One setting: the thread count ({@code null} for libtorch's default) and the load. */
  record Setting(Integer threads, boolean busyCore) {

    String label() {
      return (threads == null ? "default threads" : threads + " thread")
          + (busyCore ? ", one core busy" : ", idle");
    }

    List<String> jvmOptions() {
      return threads == null
          ? List.of()
          : List.of(
              "-Dai.djl.pytorch.num_threads=" + threads,
              "-Dai.djl.pytorch.num_interop_threads=" + threads);
    }
  }

  static final List<Setting> SETTINGS =
      List.of(
          new Setting(null, false),
          new Setting(1, false),
          new Setting(null, true),
          new Setting(1, true));

  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Settings settings;

  BusyMachine(Settings settings) {
    this.settings = settings;
  }

  Map<String, Object> run() throws Exception {
    String spec = spec(settings.spec());
    // TaperJvm appends, so that a restarted process keeps one log; each invocation starts afresh
    Folders.deleteRecursively(settings.work().resolve("logs"));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "busy-machine");
    result.put("date", java.time.Instant.now().toString());
    result.put("source_revision", System.getenv("TAPER_SOURCE_REVISION"));
    result.put("machine", Host.describe());
    result.put("settings", settings.describe());
    List<Map<String, Object>> runs = new ArrayList<>();
    try (LoadMonitor load = new LoadMonitor(5)) {
      for (int run = 1; run <= settings.runs(); run++) {
        for (Setting setting : SETTINGS) {
          runs.add(measure(spec, setting, run));
        }
      }
      result.put("load_during_run", load.summary());
    }
    result.put("runs", runs);
    result.put("summary", summary(runs));
    return result;
  }

  private Map<String, Object> measure(String spec, Setting setting, int run) throws Exception {
    String name =
        "run"
            + run
            + "-"
            + (setting.threads() == null ? "default" : "t1")
            + (setting.busyCore() ? "-busy" : "-idle");
    Path home = settings.work().resolve("home-" + name);
    Folders.deleteRecursively(home);
    TaperJvm taper =
        TaperJvm.start(
            name,
            settings.jar(),
            settings.work().resolve("logs"),
            setting.jvmOptions(),
            List.of("--taper.home=" + home, "--taper.datasets.download=false"));
    try {
      taper.awaitReady(Duration.ofMinutes(5));
      TaperApi api = new TaperApi(taper.baseUrl());
      try (BusyCore busy = setting.busyCore() ? BusyCore.start() : BusyCore.NONE) {
        long start = System.nanoTime();
        String experiment = api.submit(spec);
        JsonNode done = api.awaitEnd(experiment, RUN_TIMEOUT);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", run);
        m.put("setting", setting.label());
        m.put("threads", setting.threads() == null ? "default" : setting.threads());
        m.put("busy_core", setting.busyCore());
        m.put("status", done.get("status").asString());
        m.put("seconds", Numbers.round(seconds, 1));
        m.put("test_accuracy", accuracies(done));
        ServiceBench.log(
            "%s, run %d: %s after %.1f s", setting.label(), run, m.get("status"), seconds);
        return m;
      }
    } finally {
      taper.stop(Duration.ofSeconds(60));
      Folders.deleteRecursively(home);
    }
  }

  /**
   * Each trained role's test accuracy in percent (exports left out), from the experiment's view.
   */
  static Map<String, Object> accuracies(JsonNode experiment) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (JsonNode model : experiment.get("models")) {
      String role = model.get("role").asString();
      JsonNode accuracy = model.path("metrics").get("testAccuracy");
      if (!role.equals("EXPORT") && accuracy != null && accuracy.isNumber()) {
        m.put(role, Numbers.round(accuracy.asDouble() * 100, 2));
      }
    }
    return m;
  }

  /** Per setting: the median, fastest and slowest run; then the ratios the report quotes. */
  static Map<String, Object> summary(List<Map<String, Object>> runs) {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Double> medians = new LinkedHashMap<>();
    for (Setting setting : SETTINGS) {
      List<Double> seconds =
          runs.stream()
              .filter(r -> r.get("setting").equals(setting.label()))
              .map(r -> ((Number) r.get("seconds")).doubleValue())
              .toList();
      if (seconds.isEmpty()) {
        continue;
      }
      double median = Numbers.median(seconds);
      medians.put(setting.label(), median);
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("median_seconds", Numbers.round(median, 1));
      s.put("min_seconds", seconds.stream().min(Comparator.naturalOrder()).orElseThrow());
      s.put("max_seconds", seconds.stream().max(Comparator.naturalOrder()).orElseThrow());
      s.put("runs", seconds.size());
      m.put(setting.label(), s);
    }
    Map<String, Object> ratios = new LinkedHashMap<>();
    for (Integer threads : java.util.Arrays.asList(null, 1)) {
      Double idle = medians.get(new Setting(threads, false).label());
      Double busy = medians.get(new Setting(threads, true).label());
      if (idle != null && busy != null) {
        ratios.put(
            (threads == null ? "default threads" : threads + " thread") + ": busy / idle",
            Numbers.round(busy / idle, 2));
      }
    }
    for (boolean busyCore : new boolean[] {false, true}) {
      Double standard = medians.get(new Setting(null, busyCore).label());
      Double one = medians.get(new Setting(1, busyCore).label());
      if (standard != null && one != null) {
        ratios.put(
            (busyCore ? "one core busy" : "idle") + ": default threads / 1 thread",
            Numbers.round(standard / one, 2));
      }
    }
    m.put("ratios_of_medians", ratios);
    return m;
  }

  /** The spec file without its {@code study} section. */
  static String spec(Path file) throws IOException {
    ObjectNode spec = (ObjectNode) JSON.readTree(Files.readString(file));
    spec.remove("study");
    return JSON.writeValueAsString(spec);
  }

  /** Another program's work on one core: a thread that spins until closed. */
  static final class BusyCore implements AutoCloseable {

    static final BusyCore NONE = new BusyCore(false);

    @SuppressWarnings("unused")
    private static volatile long sink;

    private final Thread thread;
    private volatile boolean stop;

    private BusyCore(boolean spin) {
      this.thread = spin ? new Thread(this::spin, "busy-core") : null;
    }

    static BusyCore start() {
      BusyCore core = new BusyCore(true);
      core.thread.setDaemon(true);
      core.thread.start();
      return core;
    }

    private void spin() {
      long x = 0;
      while (!stop) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
      sink = x;
    }

    @Override
    public void close() throws InterruptedException {
      if (thread != null) {
        stop = true;
        thread.join();
      }
    }
  }
}
