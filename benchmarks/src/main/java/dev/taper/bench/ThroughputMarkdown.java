package dev.taper.bench;

import dev.taper.bench.ThroughputResult.CpuTime;
import dev.taper.bench.ThroughputResult.Family;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code throughput.md} (and the console's table): the medians, the targets, setup and runs. */
final class ThroughputMarkdown {

  private ThroughputMarkdown() {}

  static String render(ThroughputResult r) {
    StringBuilder md = new StringBuilder();
    md.append("# Throughput").append(r.quick() ? " (QUICK run: few, short repetitions)" : "");
    md.append("\n\n").append(r.date()).append(". Machine: ");
    md.append(r.machine() == null ? "unknown" : r.machine().summary()).append(".\n\n");
    md.append(table(r)).append('\n');
    md.append(
        "Medians of the runs below. Wall clock: examples (or FLOPs) per second around the whole"
            + " loop call. Thread CPU time: the same per second of CPU the calling thread used,"
            + " which with one libtorch thread is all the work and hardly moves when other"
            + " processes share the cores (n/a with more threads). The stock loop is DJL's"
            + " `EasyTrain.fit` with its Adam (the JSON calls it `naive`).\n\n");
    md.append("## Setup\n\n");
    md.append("- matmul: ").append(r.setup().matmul()).append('\n');
    md.append("- wide: ").append(r.setup().wide()).append('\n');
    md.append("- thin: ").append(r.setup().thin()).append('\n');
    for (Map.Entry<String, Family> f : r.families().entrySet()) {
      md.append("- ").append(f.getKey()).append(": ").append(f.getValue().setup()).append('\n');
    }
    md.append("\n## Runs (wall clock; thread CPU time in brackets)\n\n");
    runs(md, "matmul GFLOP/s", r.runs().matmulGflops(), r.runs().matmulCpuGflops());
    runs(md, "wide MLP samples/s", r.runs().wideSamplesPerS(), r.runs().wideCpuSamplesPerS());
    runs(
        md,
        "thin MLP, engine samples/s",
        r.runs().thinSamplesPerS(),
        r.runs().thinCpuSamplesPerS());
    runs(
        md,
        "thin MLP, stock DJL samples/s",
        r.runs().naiveThinSamplesPerS(),
        r.runs().naiveThinCpuSamplesPerS());
    for (Map.Entry<String, Family> f : r.families().entrySet()) {
      runs(
          md,
          "wide " + f.getKey() + " samples/s",
          f.getValue().samplesPerS(),
          f.getValue().cpuSamplesPerS());
    }
    return md.toString();
  }

  static String table(ThroughputResult r) {
    CpuTime cpu = r.cpuTime();
    StringBuilder t = new StringBuilder();
    t.append("| Measure | Median, wall clock | Median, thread CPU time | Target |\n");
    t.append("|---|---:|---:|---|\n");
    row(
        t,
        "matmul 1024^3 fp32 (GFLOP/s)",
        r.matmulGflops(),
        cpu == null ? null : cpu.matmulGflops(),
        "%.1f",
        "");
    row(
        t,
        "wide MLP training, batch 256 (GFLOP/s)",
        r.wideTrainGflops(),
        cpu == null ? null : cpu.wideTrainGflops(),
        "%.1f",
        "");
    row(
        t,
        "wide fraction of matmul peak (%)",
        100 * r.wideFractionOfPeak(),
        cpu == null ? null : 100 * cpu.wideFractionOfPeak(),
        "%.1f",
        String.format(
            Locale.ROOT,
            ">= %.0f%%: %s",
            100 * r.targets().wideFractionOfPeakMin(),
            r.targets().wideMet() ? "met" : "NOT met"));
    row(
        t,
        "thin MLP, engine loop (samples/s)",
        r.thinSamplesPerS(),
        cpu == null ? null : cpu.thinSamplesPerS(),
        "%.0f",
        "");
    row(
        t,
        "thin MLP, stock DJL loop (samples/s)",
        r.naiveThinSamplesPerS(),
        cpu == null ? null : cpu.naiveThinSamplesPerS(),
        "%.0f",
        "");
    row(
        t,
        "thin speedup (engine / stock)",
        r.thinSpeedup(),
        cpu == null ? null : cpu.thinSpeedup(),
        "%.2fx",
        String.format(
            Locale.ROOT,
            ">= %.0fx: %s",
            r.targets().thinSpeedupMin(),
            r.targets().thinMet() ? "met" : "NOT met"));
    for (Map.Entry<String, Family> f : r.families().entrySet()) {
      Family family = f.getValue();
      row(
          t,
          String.format(
              Locale.ROOT,
              "wide %s, batch 128 (GFLOP/s; %.1f%% of peak)",
              f.getKey(),
              100 * family.fractionOfPeak()),
          family.trainGflops(),
          family.cpuTrainGflops(),
          "%.1f",
          "");
    }
    return t.toString();
  }

  private static void row(
      StringBuilder t, String measure, double wall, Double cpu, String format, String target) {
    t.append("| ")
        .append(measure)
        .append(" | ")
        .append(String.format(Locale.ROOT, format, wall))
        .append(" | ")
        .append(cpu == null ? "n/a" : String.format(Locale.ROOT, format, cpu))
        .append(" | ")
        .append(target)
        .append(" |\n");
  }

  private static void runs(StringBuilder md, String what, List<Double> wall, List<Double> cpu) {
    md.append("- ").append(what).append(": ");
    for (int i = 0; i < wall.size(); i++) {
      md.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", wall.get(i)));
      if (cpu != null && i < cpu.size()) {
        md.append(String.format(Locale.ROOT, " (%.1f)", cpu.get(i)));
      }
    }
    md.append('\n');
  }
}
