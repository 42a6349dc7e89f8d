package dev.taper.bench.service;

import java.util.List;
import java.util.Map;

/** The busy-machine benchmark's Markdown, written from its result. */
final class BusyMachineReport {

  private BusyMachineReport() {}

  @SuppressWarnings("unchecked")
  static String markdown(Map<String, Object> r) {
    Map<String, Object> settings = (Map<String, Object>) r.get("settings");
    Map<String, Object> summary = (Map<String, Object>) r.get("summary");
    List<Map<String, Object>> runs = (List<Map<String, Object>>) r.get("runs");
    StringBuilder md = new StringBuilder("# The walk-through on a busy machine\n\n");
    md.append("Written by `benchmarks/run-busy-machine.sh`")
        .append(" (`dev.taper.bench.service.BusyMachineCommand`) at ")
        .append(r.get("source_revision"))
        .append(", ")
        .append(r.get("date"))
        .append("; every run is in the JSON file beside this one.\n\n")
        .append("The spec `")
        .append(settings.get("spec"))
        .append("` (without its `study` section) submitted to a Taper process started afresh for")
        .append(" each run, timed from submission to SUCCEEDED, both exports included. Four")
        .append(" settings: libtorch's default threads (one per core) or one thread")
        .append(" (`-Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1`), on an")
        .append(" idle machine or beside another program keeping one core busy (a spinning thread")
        .append(" in the harness's JVM). The settings take turns within each of ")
        .append(settings.get("runs"))
        .append(" runs; times are medians.\n\n");
    ReportMarkdown.host(
        md, (Map<String, Object>) r.get("machine"), (Map<String, Object>) r.get("load_during_run"));
    md.append(
        "\n| Setting | Median s | Fastest s | Slowest s | Runs |\n|---|---:|---:|---:|---:|\n");
    summary.forEach(
        (label, value) -> {
          if (value instanceof Map<?, ?> s && s.containsKey("median_seconds")) {
            ReportMarkdown.row(
                md,
                label,
                s.get("median_seconds"),
                s.get("min_seconds"),
                s.get("max_seconds"),
                s.get("runs"));
          }
        });
    md.append("\nRatios of the medians:\n\n");
    ((Map<String, Object>) summary.get("ratios_of_medians"))
        .forEach(
            (what, ratio) -> md.append("- ").append(what).append(": ").append(ratio).append("\n"));
    md.append("\nTest accuracy % of the first run of each setting (the thread count changes the")
        .append(" order of libtorch's sums, so the figures differ between thread counts and")
        .append(" should not between loads):\n\n")
        .append("| Setting | Accuracies |\n|---|---|\n");
    runs.stream()
        .filter(run -> ((Number) run.get("run")).intValue() == 1)
        .forEach(
            run ->
                ReportMarkdown.row(
                    md,
                    run.get("setting"),
                    accuracies((Map<String, Object>) run.get("test_accuracy"))));
    md.append("\n");
    ReportMarkdown.settings(md, settings);
    return md.toString();
  }

  /** "WIDE 88.62, THIN 87.31, ...". */
  private static String accuracies(Map<String, Object> byRole) {
    return byRole.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(java.util.stream.Collectors.joining(", "));
  }
}
