package dev.taper.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The CPU a latency was measured on: its model name and the vector extensions libraries use. */
final class WorkerCpu {

  private static final List<String> VECTOR_FLAGS =
      List.of("avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile", "neon", "asimd");

  private WorkerCpu() {}

  static String describe() {
    String name = System.getProperty("os.arch", "unknown");
    Set<String> flags = new TreeSet<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("model name") && line.contains(":")) {
          name = line.substring(line.indexOf(':') + 1).trim();
        } else if ((lower.startsWith("flags") || lower.startsWith("features"))
            && line.contains(":")) {
          for (String flag : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
            if (VECTOR_FLAGS.contains(flag)) {
              flags.add(flag);
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return name;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    return name + ", " + cores + " cores" + (flags.isEmpty() ? "" : ", " + String.join(" ", flags));
  }
}
