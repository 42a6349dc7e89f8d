package dev.taper.bench.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The machine a service measurement ran on, read from {@code /proc} without loading libtorch into
 * the harness: cores, CPU model and flags, memory, load average.
 */
final class Host {

  /** The flags that decide which kernels libtorch and PostgreSQL can use, for the summary. */
  private static final Set<String> NOTABLE_FLAGS =
      Set.of(
          "sse4_2",
          "avx",
          "avx2",
          "fma",
          "f16c",
          "avx512f",
          "avx512bw",
          "avx512_vnni",
          "amx_tile",
          "hypervisor");

  private Host() {}

  static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("cpu", cpuInfo("model name"));
    List<String> flags = Arrays.asList(cpuInfo("flags").split("\\s+"));
    m.put("cpu_flags_notable", flags.stream().filter(NOTABLE_FLAGS::contains).sorted().toList());
    m.put("cpu_flags", String.join(" ", flags));
    m.put("memory_total_mib", memTotalKib() >> 10);
    m.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " ("
            + System.getProperty("os.arch")
            + ")");
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("load_average_at_start", loadAverageText());
    return m;
  }

  /** The 1-, 5- and 15-minute load averages; NaN where {@code /proc/loadavg} cannot be read. */
  static double[] loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return new double[] {
        Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])
      };
    } catch (IOException | RuntimeException e) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
  }

  static String loadAverageText() {
    double[] load = loadAverage();
    return load[0] + " " + load[1] + " " + load[2];
  }

  /** One line for terminals and Markdown. */
  static String summary(Map<String, Object> host) {
    return host.get("cores")
        + " cores ("
        + host.get("cpu")
        + "; "
        + String.join(" ", castList(host.get("cpu_flags_notable")))
        + "), "
        + host.get("memory_total_mib")
        + " MiB, "
        + host.get("os")
        + ", "
        + host.get("java");
  }

  /**
   * The load line of a report: the load average at the start, the 1-minute load during the run
   * ({@link LoadMonitor#summary}), and, when its median exceeded the cores, that the machine was
   * oversubscribed, so that a reader weighs every number below by it.
   */
  static String loadLine(Map<String, Object> host, Map<String, Object> during) {
    StringBuilder line =
        new StringBuilder()
            .append(host.get("load_average_at_start"))
            .append(" (1, 5, 15 min) at the start; 1-minute load during the run min ")
            .append(during.get("load1_min"))
            .append(", median ")
            .append(during.get("load1_median"))
            .append(", max ")
            .append(during.get("load1_max"));
    if (during.get("load1_median") instanceof Double median
        && host.get("cores") instanceof Integer cores
        && median > cores) {
      line.append(
          String.format(
              " (oversubscribed: a median of %.1f runnable processes per core, so every process"
                  + " here, the measured ones included, waited for a core much of the time)",
              median / cores));
    }
    return line.toString();
  }

  @SuppressWarnings("unchecked")
  private static List<String> castList(Object value) {
    return (List<String>) value;
  }

  private static String cpuInfo(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith(key)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: nothing more to say than the architecture
    }
    return System.getProperty("os.arch");
  }

  private static long memTotalKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // unknown
    }
    return -1;
  }
}
