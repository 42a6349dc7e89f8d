package dev.taper.bench.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's resident memory as the kernel counts it ({@code VmRSS} in {@code
 * /proc/<pid>/status}): Java heap, metaspace and code, and libtorch's native allocations alike,
 * which is what a leak of native tensors would grow and what a container's memory limit sees.
 */
final class Rss {

  private Rss() {}

  /** {@code VmRSS} in KiB, or -1 when the process is gone (or this is not Linux). */
  static long kib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process exited between the check and the read
    }
    return -1;
  }
}
