package dev.taper.bench.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Markdown of both reports, from hand-made results shaped as the programs make them. */
class ReportsTest {

  @Test
  void aFailedSoakSaysWhichCheckFailedAndThatTheWorkOutlastedTheKills() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("experiments", 200L);
    counts.put("overlapping_leases", 1L);
    counts.put("kills", 29L);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("settings", Map.of("experiments", 200, "workers", 4, "spare_workers", 1));
    r.put("machine", machine());
    r.put("load_during_run", load(9.5));
    r.put("wall_seconds", 1234.5);
    r.put("work_finished_within_kill_phase", false);
    r.put("experiments_unfinished_at_kill_phase_end", 57L);
    r.put("stages_succeeded_at_kill_phase_end", 430L);
    r.put("counts", counts);
    r.put("attempts_per_stage_job", Map.of("1", 590L, "2", 10L));
    r.put("problems", List.of("overlapping_leases"));
    r.put("passed", false);
    r.put(
        "memory",
        Map.of(
            "criterion",
            "fit",
            "verdict",
            "flat",
            "survivors_judged",
            1,
            "workers",
            List.of(
                Map.of(
                    "worker",
                    "soak-w0-1",
                    "survivor",
                    true,
                    "judged",
                    true,
                    "flat",
                    true,
                    "slope_mib_per_minute",
                    0.2)),
            "api",
            Map.of("peak_mib", 700.0)));

    String md = SoakReport.markdown(r);

    assertThat(md)
        .contains("**FAILED**: overlapping_leases")
        .contains("| overlapping leases | 1 | 0 (**FAILED**) |")
        .contains("| kills | 29 |  |")
        .contains("57 of 200 experiments were unfinished when the kills stopped (430 stages")
        .contains("oversubscribed: a median of 4.8 runnable processes per core")
        .contains("| soak-w0-1 | true |");
  }

  @Test
  void theServiceReportGivesEachTargetsVerdict() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("settings", Map.of("runs", 3, "claim_jobs", 20000, "enqueue_samples_per_run", 300));
    r.put("machine", machine());
    r.put("load_during_run", load(1.5));
    Map<String, Object> four = new LinkedHashMap<>();
    four.put("claims_per_s", 900.0);
    four.put("raw_claims_per_s", 1000.0);
    four.put("claim_ratio", 0.9);
    r.put(
        "claims",
        Map.of(
            "durable",
            Map.of("by_claimers", Map.of("4", four)),
            "target",
            Target.atLeast("claim_ratio at 4 claimers", 0.8).judge(0.9)));
    r.put(
        "enqueue_to_start",
        Map.of(
            "enqueue_to_start_p50_ms",
            3.2,
            "enqueue_to_start_p99_ms",
            9.0,
            "runs",
            List.of(Map.of("p50_ms", 3.2, "p99_ms", 9.0, "max_ms", 11.0)),
            "target",
            Target.below("enqueue_to_start p50 ms", 50).judge(3.2)));
    Map<String, Object> two = new LinkedHashMap<>();
    two.put("api_p50_ms", 20.0);
    two.put("api_p99_ms", 120.0);
    two.put("errors", 0L);
    two.put("runs", List.of(Map.of("p99_ms", 120.0)));
    two.put("stages_trained_throughout", true);
    two.put("target", ApiLatency.P99.judge(120));
    r.put("api", Map.of("load", "200 requests/s", "spec", "{}", "two_stages", two));

    String md = ServiceReport.markdown(r);

    assertThat(md)
        .contains("| 4 | 900.0 | 1000.0 | 0.9 |")
        .contains("Target claim_ratio at 4 claimers >= 0.8: **met** (0.9 against")
        .contains("Target enqueue_to_start p50 ms < 50: **met**")
        .contains("| 2 | 20.0 | 120.0 | 0 | 120.0 | true |")
        .contains(
            "two stages: Target api p99 ms < 50: **missed** by 70 (140% over: 120 against api"
                + " p99 ms < 50). Errors: 0 (target 0).")
        .doesNotContain("oversubscribed");
  }

  @Test
  void theBusyMachineReportGivesEachSettingsMedianTheRatiosAndTheAccuracies() {
    List<Map<String, Object>> runs = new java.util.ArrayList<>();
    double[][] seconds = {{64, 70, 239, 69}, {66, 71, 250, 70}, {63, 69, 230, 72}};
    for (int run = 1; run <= 3; run++) {
      for (int i = 0; i < BusyMachine.SETTINGS.size(); i++) {
        BusyMachine.Setting setting = BusyMachine.SETTINGS.get(i);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", run);
        m.put("setting", setting.label());
        m.put("seconds", seconds[run - 1][i]);
        m.put("test_accuracy", Map.of("THIN", setting.threads() == null ? 87.31 : 87.57));
        runs.add(m);
      }
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("source_revision", "abc123");
    r.put("date", "2026-12-08T00:00:00Z");
    r.put("machine", machine());
    r.put("load_during_run", load(1.5));
    r.put("settings", Map.of("runs", 3, "spec", "benchmarks/specs/walkthrough.json"));
    r.put("runs", runs);
    r.put("summary", BusyMachine.summary(runs));

    String md = BusyMachineReport.markdown(r);

    assertThat(md)
        .contains("| default threads, idle | 64.0 | 63.0 | 66.0 | 3 |")
        .contains("| default threads, one core busy | 239.0 | 230.0 | 250.0 | 3 |")
        .contains("- default threads: busy / idle: 3.73")
        .contains("- 1 thread: busy / idle: 1.0\n")
        .contains("- one core busy: default threads / 1 thread: 3.41")
        .contains("| 1 thread, idle | THIN 87.57 |");
  }

  @Test
  void theBusyMachineBenchmarkReadsEachTrainedModelsAccuracyFromTheExperimentsView() {
    tools.jackson.databind.JsonNode view =
        tools.jackson.databind.json.JsonMapper.builder()
            .build()
            .readTree(
                """
                {"status": "SUCCEEDED", "models": [
                  {"role": "WIDE", "metrics": {"testAccuracy": 0.8862}},
                  {"role": "THIN", "metrics": {"testAccuracy": 0.8731}},
                  {"role": "EXPORT", "metrics": {"testAccuracy": 0.8733},
                   "export": {"format": "ONNX", "precision": "INT8"}}]}
                """);

    assertThat(BusyMachine.accuracies(view))
        .containsExactly(Map.entry("WIDE", 88.62), Map.entry("THIN", 87.31));
  }

  private static Map<String, Object> machine() {
    return Map.of(
        "cores", 2,
        "cpu", "Some CPU",
        "cpu_flags_notable", List.of("avx2"),
        "memory_total_mib", 23000L,
        "os", "Linux",
        "java", "OpenJDK 17",
        "load_average_at_start", "1.0 1.0 1.0");
  }

  private static Map<String, Object> load(double median) {
    return Map.of("load1_min", 1.0, "load1_median", median, "load1_max", 12.0);
  }
}
