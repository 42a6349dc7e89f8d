package dev.taper.bench.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the machine's 1-minute load average while a measurement runs, so the result says how busy
 * the machine was during it, not only at its start.
 */
final class LoadMonitor implements AutoCloseable {

  private final List<Double> samples = new ArrayList<>();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "load-monitor");
            thread.setDaemon(true);
            return thread;
          });

  LoadMonitor(long everySeconds) {
    scheduler.scheduleAtFixedRate(this::sample, 0, everySeconds, TimeUnit.SECONDS);
  }

  private synchronized void sample() {
    double one = Host.loadAverage()[0];
    if (Double.isFinite(one)) {
      samples.add(one);
    }
  }

  /** min, median and max of the 1-minute load average sampled so far, and the sample count. */
  synchronized Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("samples", samples.size());
    m.put(
        "load1_min",
        Numbers.round(samples.stream().mapToDouble(d -> d).min().orElse(Double.NaN), 2));
    m.put("load1_median", Numbers.round(Numbers.median(samples), 2));
    m.put(
        "load1_max",
        Numbers.round(samples.stream().mapToDouble(d -> d).max().orElse(Double.NaN), 2));
    m.put("load_average_at_end", Host.loadAverageText());
    return m;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
