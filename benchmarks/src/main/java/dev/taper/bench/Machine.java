package dev.taper.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What a result was measured on, written beside every benchmark's numbers: enough to tell two runs
 * of the same program apart when their numbers differ (the CPU's vector extensions, the caps put on
 * them, the thread counts, the versions).
 *
 * @param cpuModel the CPU's vendor, family, model and stepping and its caches, as {@link #cpuModel}
 *     writes them; the flags do not say which microarchitecture and caches the kernels were tuned
 *     to (oneDNN sizes its blocking to the caches), and two AVX-512 CPUs trained the same ResNet
 *     seed to accuracies a few tenths apart; null when unknown
 * @param cpuFlags the instruction-set extensions in {@link #ISA_FLAGS} that /proc/cpuinfo lists
 * @param isaCaps the environment variables that limit the instruction sets libtorch's kernels use,
 *     with their values ("unset" when absent): oneDNN (convolutions), oneMKL (matrix products) and
 *     ATen (element-wise kernels) each read their own
 * @param threadEnvironment the thread-count variables OpenMP and oneMKL read, "unset" when absent
 * @param sourceRevision the Taper commit the benchmark was built from ({@value #SOURCE_REVISION},
 *     set by benchmarks/build-and-stage.sh), with "+uncommitted" when tracked files differed from
 *     it; null when unknown (a build outside a git checkout, or a file written before it existed)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record Machine(
    int cores,
    String cpu,
    String cpuModel,
    String os,
    String java,
    Long maxHeapMib,
    String engine,
    String djl,
    String device,
    int torchIntraOpThreads,
    int torchInterOpThreads,
    String ompNumThreads,
    String loadAverageAtStart,
    List<String> cpuFlags,
    Map<String, String> isaCaps,
    Map<String, String> threadEnvironment,
    String sourceRevision) {

  /** The flags that decide which kernels oneDNN, oneMKL and ATen may pick on x86. */
  static final List<String> ISA_FLAGS =
      List.of(
          "sse4_2",
          "avx",
          "avx2",
          "fma",
          "avx_vnni",
          "avx512f",
          "avx512dq",
          "avx512bw",
          "avx512vl",
          "avx512_vnni",
          "avx512_bf16",
          "avx512_fp16",
          "amx_tile",
          "amx_bf16",
          "amx_int8",
          "asimd",
          "sve");

  static final List<String> ISA_CAP_VARIABLES =
      List.of(
          "ONEDNN_MAX_CPU_ISA",
          "DNNL_MAX_CPU_ISA",
          "MKL_ENABLE_INSTRUCTIONS",
          "MKL_DEBUG_CPU_TYPE",
          "ATEN_CPU_CAPABILITY");

  static final List<String> THREAD_VARIABLES =
      List.of("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OMP_WAIT_POLICY");

  /** The environment variable that names the source revision. */
  static final String SOURCE_REVISION = "TAPER_SOURCE_REVISION";

  private static final String UNSET = "unset";

  /** The suffix of a revision built with tracked files that differed from the commit. */
  static final String UNCOMMITTED = "+uncommitted";

  /** Whether the recorded commit pins the code the benchmark ran: known, and built as committed. */
  boolean pinsItsCode() {
    return sourceRevision != null && !sourceRevision.endsWith(UNCOMMITTED);
  }

  /**
   * The same machine without its load average: two runs that agree on this ran on the same kernels
   * with the same threads, however busy the machine was.
   */
  Machine withoutLoadAverage() {
    return with(null, sourceRevision);
  }

  /** The same machine with another record of the commit the benchmark was built from. */
  Machine withSourceRevision(String revision) {
    return with(loadAverageAtStart, revision);
  }

  /** The same machine with another record of the CPU's model (null: unknown). */
  Machine withCpuModel(String model) {
    return with(model, loadAverageAtStart, sourceRevision);
  }

  private Machine with(String loadAverage, String revision) {
    return with(cpuModel, loadAverage, revision);
  }

  private Machine with(String model, String loadAverage, String revision) {
    return new Machine(
        cores,
        cpu,
        model,
        os,
        java,
        maxHeapMib,
        engine,
        djl,
        device,
        torchIntraOpThreads,
        torchInterOpThreads,
        ompNumThreads,
        loadAverage,
        cpuFlags,
        isaCaps,
        threadEnvironment,
        revision);
  }

  static Machine describe() {
    Engine engine = Engine.getInstance();
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        cpuInfoValue("model name").orElse(System.getProperty("os.arch")),
        cpuModel(Machine::cpuInfoValue, caches()),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " ("
            + System.getProperty("os.arch")
            + ")",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20,
        engine.getEngineName() + " " + engine.getVersion(),
        Engine.getDjlVersion(),
        "cpu",
        JniUtils.getNumThreads(),
        JniUtils.getNumInteropThreads(),
        env("OMP_NUM_THREADS"),
        loadAverage(),
        isaFlags(cpuInfoValue("flags").orElse(cpuInfoValue("Features").orElse(""))),
        variables(ISA_CAP_VARIABLES),
        variables(THREAD_VARIABLES),
        sourceRevisionFromEnvironment());
  }

  /** The ISA flags present in a cpuinfo flags line, in {@link #ISA_FLAGS} order. */
  static List<String> isaFlags(String flagsLine) {
    Set<String> present = Set.copyOf(Arrays.asList(flagsLine.trim().split("\\s+")));
    return ISA_FLAGS.stream().filter(present::contains).toList();
  }

  /**
   * Vendor, family, model and stepping, then the caches: {@code AuthenticAMD family 25 model 17
   * stepping 1, caches L1d 32K L1i 32K L2 1024K L3 32768K}; null when cpuinfo names none of them.
   *
   * @param cpuInfo a cpuinfo field's value by its name
   * @param caches each cache as level, kind and size ({@code L1d 32K})
   */
  static String cpuModel(Function<String, Optional<String>> cpuInfo, List<String> caches) {
    List<String> parts = new ArrayList<>();
    cpuInfo.apply("vendor_id").ifPresent(parts::add);
    for (String key : List.of("cpu family", "model", "stepping")) {
      cpuInfo.apply(key).ifPresent(value -> parts.add(key.replace("cpu ", "") + " " + value));
    }
    if (parts.isEmpty()) {
      return null;
    }
    String model = String.join(" ", parts);
    return caches.isEmpty() ? model : model + ", caches " + String.join(" ", caches);
  }

  /** CPU 0's caches from sysfs, in its index order; empty where sysfs does not say. */
  private static List<String> caches() {
    Path root = Path.of("/sys/devices/system/cpu/cpu0/cache");
    try (Stream<Path> entries = Files.list(root)) {
      List<String> caches = new ArrayList<>();
      for (Path index :
          entries.filter(p -> p.getFileName().toString().startsWith("index")).sorted().toList()) {
        String type = Files.readString(index.resolve("type")).trim();
        String kind =
            switch (type) {
              case "Data" -> "d";
              case "Instruction" -> "i";
              default -> "";
            };
        caches.add(
            "L"
                + Files.readString(index.resolve("level")).trim()
                + kind
                + " "
                + Files.readString(index.resolve("size")).trim());
      }
      return caches;
    } catch (IOException | RuntimeException e) {
      // not Linux, or sysfs hidden: the flags and the model are what is known
      return List.of();
    }
  }

  /** One line for terminals and Markdown. */
  String summary() {
    return cores
        + " cores ("
        + cpu
        + (cpuModel == null ? "" : ", " + cpuModel)
        + (cpuFlags == null ? "" : "; " + String.join(" ", cpuFlags))
        + "), "
        + os
        + ", "
        + java
        + ", "
        + engine
        + (djl == null ? "" : " (DJL " + djl + ")")
        + " with "
        + torchIntraOpThreads
        + " intra-op threads"
        + capsSummary()
        + ", load average at start "
        + loadAverageAtStart
        + (sourceRevision == null ? "" : ", Taper " + sourceRevision);
  }

  private static String sourceRevisionFromEnvironment() {
    String value = System.getenv(SOURCE_REVISION);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private String capsSummary() {
    if (isaCaps == null) {
      return "";
    }
    List<String> set =
        isaCaps.entrySet().stream()
            .filter(e -> !UNSET.equals(e.getValue()))
            .map(e -> e.getKey() + "=" + e.getValue())
            .toList();
    return set.isEmpty() ? ", no ISA caps set" : ", " + String.join(" ", set);
  }

  private static Map<String, String> variables(List<String> names) {
    Map<String, String> values = new LinkedHashMap<>();
    names.forEach(name -> values.put(name, env(name)));
    return values;
  }

  private static String env(String name) {
    String value = System.getenv(name);
    return value == null ? UNSET : value;
  }

  private static Optional<String> cpuInfoValue(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith(key) && line.indexOf(':') > 0) {
          String name = line.substring(0, line.indexOf(':')).trim();
          if (name.equals(key)) {
            return Optional.of(line.substring(line.indexOf(':') + 1).trim());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: nothing more than the architecture is known
    }
    return Optional.empty();
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
