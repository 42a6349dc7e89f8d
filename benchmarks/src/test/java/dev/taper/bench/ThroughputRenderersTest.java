package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.training.family.mlp.MlpArchitecture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ThroughputRenderersTest {

  static ThroughputResult result(ThroughputResult.CpuTime cpu) {
    ThroughputResult.Family family =
        new ThroughputResult.Family(
            new MlpArchitecture(784, 2, 8, 10),
            1000,
            30.0,
            0.25,
            List.of(900.0, 950.0),
            "batch 128",
            cpu == null ? null : 40.0,
            cpu == null ? null : List.of(1200.0, 1300.0));
    return new ThroughputResult(
        "2026-01-01T00:00Z",
        true,
        ThroughputResult.UNITS,
        StudyFixtures.machine(),
        120.0,
        48.0,
        0.4,
        40000.0,
        32000.0,
        1.25,
        new ThroughputResult.Targets(0.35, true, 2.0, false),
        Map.of("resnet", family),
        new ThroughputResult.Runs(
            List.of(118.0, 120.0, 122.0),
            List.of(12000.0, 13000.0),
            List.of(47.0, 49.0),
            List.of(39000.0, 41000.0),
            List.of(31000.0, 33000.0),
            cpu == null ? null : List.of(150.0),
            cpu == null ? null : List.of(20000.0),
            cpu == null ? null : List.of(60000.0),
            cpu == null ? null : List.of(40000.0)),
        new ThroughputResult.Setup("1024 matmul", "wide MLP", "thin MLP"),
        cpu);
  }

  @Test
  void jsonKeepsTheFieldsOfTheFirstFiles() {
    JsonNode json = ResultJson.MAPPER.readTree(ThroughputJson.render(result(null)));

    assertThat(json.get("matmul_gflops").doubleValue()).isEqualTo(120.0);
    assertThat(json.get("wide_fraction_of_peak").doubleValue()).isEqualTo(0.4);
    assertThat(json.get("naive_thin_samples_per_s").doubleValue()).isEqualTo(32000.0);
    assertThat(json.get("thin_speedup").doubleValue()).isEqualTo(1.25);
    assertThat(json.get("targets").get("thin_met").booleanValue()).isFalse();
    assertThat(json.get("runs").get("thin_samples_per_s")).hasSize(2);
    assertThat(json.get("families").get("resnet").get("train_gflops").doubleValue())
        .isEqualTo(30.0);
    assertThat(json.get("machine").get("cpu_flags")).hasSize(2);
    assertThat(json.get("cpu_time").isNull()).isTrue();
  }

  @Test
  void markdownShowsWallAndCpuMediansAndTargets() {
    ThroughputResult.CpuTime cpu = new ThroughputResult.CpuTime(150, 60, 0.4, 60000, 40000, 1.5);

    String md = ThroughputMarkdown.render(result(cpu));

    assertThat(md)
        .contains("# Throughput (QUICK run: few, short repetitions)")
        .contains("| matmul 1024^3 fp32 (GFLOP/s) | 120.0 | 150.0 |")
        .contains("| wide fraction of matmul peak (%) | 40.0 | 40.0 | >= 35%: met |")
        .contains("| thin speedup (engine / stock) | 1.25x | 1.50x | >= 2x: NOT met |")
        .contains("| wide resnet, batch 128 (GFLOP/s; 25.0% of peak) | 30.0 | 40.0 |")
        .contains("- thin MLP, engine samples/s: 39000.0 (60000.0), 41000.0")
        .contains("ONEDNN_MAX_CPU_ISA=AVX2");
  }

  @Test
  void markdownSaysNaWithoutCpuTime() {
    assertThat(ThroughputMarkdown.table(result(null)))
        .contains("| thin MLP, engine loop (samples/s) | 40000 | n/a |");
  }
}
