package dev.taper.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a result was measured on, written beside every benchmark's numbers. */
final class Machine {

  private Machine() {}

  static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("cpu", cpuModel());
    m.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " ("
            + System.getProperty("os.arch")
            + ")");
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
    Engine engine = Engine.getInstance();
    m.put("engine", engine.getEngineName() + " " + engine.getVersion());
    m.put("device", "cpu");
    m.put("torch_intra_op_threads", JniUtils.getNumThreads());
    m.put("torch_inter_op_threads", JniUtils.getNumInteropThreads());
    String threads = System.getenv("OMP_NUM_THREADS");
    m.put("omp_num_threads", threads == null ? "unset" : threads);
    m.put("load_average_at_start", loadAverage());
    return m;
  }

  /** One line for terminals and Markdown. */
  static String summary(Map<String, Object> machine) {
    return machine.get("cores")
        + " cores ("
        + machine.get("cpu")
        + "), "
        + machine.get("os")
        + ", "
        + machine.get("java")
        + ", "
        + machine.get("engine")
        + " with "
        + machine.get("torch_intra_op_threads")
        + " intra-op threads, load average at start "
        + machine.get("load_average_at_start");
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: the architecture is all we know
    }
    return System.getProperty("os.arch");
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
