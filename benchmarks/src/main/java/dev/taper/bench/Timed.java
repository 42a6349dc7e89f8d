package dev.taper.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * How long a call took by the wall clock and in CPU time of the calling thread. With one libtorch
 * thread every kernel runs on the calling thread, so its CPU time measures the work itself and
 * hardly moves when other processes take turns on the cores; with more threads it misses theirs.
 */
record Timed(double wallSeconds, double cpuSeconds) {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  static Timed of(Runnable call) {
    long wall = System.nanoTime();
    long cpu = THREADS.getCurrentThreadCpuTime();
    call.run();
    return new Timed(
        (System.nanoTime() - wall) / 1e9, (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9);
  }

  /** {@code amount} per second by each clock, e.g. samples/s. */
  Rate rate(double amount) {
    return new Rate(amount / wallSeconds, amount / cpuSeconds);
  }

  /** A throughput by the wall clock and by the calling thread's CPU time. */
  record Rate(double wall, double cpu) {}
}
