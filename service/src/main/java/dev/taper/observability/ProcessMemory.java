package dev.taper.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Resident memory of this process as the kernel counts it. DJL's PyTorch tensors live outside the
 * Java heap, so the JVM's own meters miss them; the resident set includes them (and the heap).
 */
final class ProcessMemory {

  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcessMemory() {}

  /** Resident set size in bytes, or NaN where {@code /proc} is not there (macOS, Windows). */
  static double residentBytes() {
    try {
      return parseResidentBytes(Files.readAllLines(STATUS));
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Reads the {@code VmRSS: 1234 kB} line; the kernel always reports it in kB. */
  static double parseResidentBytes(List<String> statusLines) {
    for (String line : statusLines) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024.0;
      }
    }
    return Double.NaN;
  }
}
