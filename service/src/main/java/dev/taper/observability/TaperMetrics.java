package dev.taper.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * Every meter Taper exports, by name, in one place. Tags are low-cardinality only: stage kind,
 * model role, outcome, job status. Never an experiment, job or model id.
 *
 * <p>Prometheus names (what dashboards query) are the Micrometer names with dots turned into
 * underscores plus the unit suffix Micrometer adds: {@code taper.stage.duration} becomes {@code
 * taper_stage_duration_seconds_count} and friends.
 */
@Component
public class TaperMetrics {

  public static final String JOBS = "taper.jobs";
  public static final String QUEUE_WAIT = "taper.queue.wait";
  public static final String QUEUE_CLAIMS = "taper.queue.claims";
  public static final String QUEUE_RECLAIMS = "taper.queue.reclaims";
  public static final String QUEUE_RETRIES = "taper.queue.retries";
  public static final String STAGE_DURATION = "taper.stage.duration";
  public static final String TRAINING_SAMPLES_PER_SECOND = "taper.training.samples.per.second";
  public static final String TRAINING_LOSS = "taper.training.loss";
  public static final String IMITATION_LAYER = "taper.imitation.layer";
  public static final String IMITATION_LAYERS = "taper.imitation.layers";
  public static final String MODEL_TEST_ACCURACY = "taper.model.test.accuracy";
  public static final String WORKERS_ALIVE = "taper.workers.alive";
  public static final String WORKERS_BUSY = "taper.workers.busy";
  public static final String HEARTBEATS_MISSED = "taper.worker.heartbeats.missed";
  public static final String WORKER_LOOP_ERRORS = "taper.worker.loop.errors";
  public static final String NATIVE_MEMORY = "taper.native.memory";

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> gaugeValues = new ConcurrentHashMap<>();

  public TaperMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void jobClaimed(String kind, Duration waitedInQueue) {
    Counter.builder(QUEUE_CLAIMS)
        .description("Stage jobs claimed by workers")
        .tag("kind", kind)
        .register(registry)
        .increment();
    // Histograms so dashboards can show p95 waits, not only the mean and the max.
    Timer.builder(QUEUE_WAIT)
        .description("Time from a job becoming runnable to its claim")
        .tag("kind", kind)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofHours(1))
        .register(registry)
        .record(waitedInQueue);
  }

  public void jobReclaimed(String kind, boolean willRetry) {
    Counter.builder(QUEUE_RECLAIMS)
        .description("Running jobs whose lease expired and were taken back")
        .tag("kind", kind)
        .register(registry)
        .increment();
    if (willRetry) {
      Counter.builder(QUEUE_RETRIES)
          .description("Jobs queued again for another attempt")
          .tag("kind", kind)
          .register(registry)
          .increment();
    }
  }

  public void stageFinished(String kind, String outcome, Duration duration) {
    // Stages run from seconds (tiny tests) to hours; the default histogram range stops at 30 s.
    Timer.builder(STAGE_DURATION)
        .description("Wall time of stage jobs by outcome")
        .tag("kind", kind)
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofSeconds(1))
        .maximumExpectedValue(Duration.ofHours(24))
        .register(registry)
        .record(duration);
  }

  public void trainingProgress(
      String kind, double samplesPerSecond, double loss, int layer, int layers) {
    setGauge(TRAINING_SAMPLES_PER_SECOND, "kind", kind, samplesPerSecond, "Training throughput");
    setGauge(TRAINING_LOSS, "kind", kind, loss, "Current training loss");
    setGauge(IMITATION_LAYER, "kind", kind, layer, "Imitation layer in progress (0-based)");
    setGauge(IMITATION_LAYERS, "kind", kind, layers, "Imitation layers in all");
  }

  public void modelRecorded(String role, double testAccuracy) {
    setGauge(
        MODEL_TEST_ACCURACY, "role", role, testAccuracy, "Final test accuracy of the latest model");
  }

  public void heartbeatMissed() {
    Counter.builder(HEARTBEATS_MISSED)
        .description("Heartbeats that found the lease lost or failed")
        .register(registry)
        .increment();
  }

  public void workerLoopError() {
    Counter.builder(WORKER_LOOP_ERRORS)
        .description("Unexpected errors caught at the worker loop's edge")
        .register(registry)
        .increment();
  }

  /** Stage jobs of one kind in one status, read from {@code source} at scrape time. */
  public <T> void jobsGauge(String kind, String status, T source, ToDoubleFunction<T> count) {
    io.micrometer.core.instrument.Gauge.builder(JOBS, source, count)
        .description("Stage jobs by kind and status, as the queue table holds them")
        .tag("kind", kind)
        .tag("status", status)
        .strongReference(true)
        .register(registry);
  }

  /** Workers that heartbeat recently, and those of them running a job. */
  public <T> void workersGauges(T source, ToDoubleFunction<T> alive, ToDoubleFunction<T> busy) {
    io.micrometer.core.instrument.Gauge.builder(WORKERS_ALIVE, source, alive)
        .description("Workers seen in the last 30 seconds")
        .strongReference(true)
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder(WORKERS_BUSY, source, busy)
        .description("Alive workers that are running a job")
        .strongReference(true)
        .register(registry);
  }

  /**
   * Memory outside the Java heap's own meters, in bytes. {@code area} says what is measured: {@code
   * process_resident} (this process's resident set: heap plus DJL/PyTorch native memory) or {@code
   * gpu_used} (memory in use on a GPU, by every process on it); {@code device} names where ({@code
   * host}, {@code gpu0}, ...).
   */
  public <T> void nativeMemoryGauge(
      String area, String device, T source, ToDoubleFunction<T> bytes) {
    io.micrometer.core.instrument.Gauge.builder(NATIVE_MEMORY, source, bytes)
        .description("Native memory in use: process resident set, GPU memory")
        .baseUnit("bytes")
        .tag("area", area)
        .tag("device", device)
        .strongReference(true)
        .register(registry);
  }

  /** Registers a gauge whose value is read from {@code source} at scrape time. */
  public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
    io.micrometer.core.instrument.Gauge.builder(name, source, value)
        .description(description)
        .register(registry);
  }

  private void setGauge(
      String name, String tag, String tagValue, double value, String description) {
    AtomicLong bits =
        gaugeValues.computeIfAbsent(
            name + '|' + tagValue,
            key -> {
              AtomicLong holder = new AtomicLong(Double.doubleToLongBits(Double.NaN));
              io.micrometer.core.instrument.Gauge.builder(
                      name, holder, h -> Double.longBitsToDouble(h.get()))
                  .description(description)
                  .tag(tag, tagValue)
                  .register(registry);
              return holder;
            });
    bits.set(Double.doubleToLongBits(value));
  }
}
