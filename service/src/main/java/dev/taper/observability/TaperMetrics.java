package dev.taper.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
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
  public static final String TRAINING_FLOPS = "taper.training.flops";
  public static final String WORKERS_ALIVE = "taper.workers.alive";
  public static final String WORKERS_BUSY = "taper.workers.busy";
  public static final String HEARTBEATS_MISSED = "taper.worker.heartbeats.missed";
  public static final String WORKER_LOOP_ERRORS = "taper.worker.loop.errors";
  public static final String NATIVE_MEMORY = "taper.native.memory";
  public static final String ARTIFACT_STORE_ERRORS = "taper.artifact.store.errors";

  /** The gauges a running stage's progress sets, per kind. */
  private static final List<String> TRAINING_GAUGES =
      List.of(TRAINING_SAMPLES_PER_SECOND, TRAINING_LOSS, IMITATION_LAYER, IMITATION_LAYERS);

  private static final Duration[] QUEUE_WAIT_BUCKETS =
      buckets(
          Duration.ofMillis(10),
          Duration.ofMillis(50),
          Duration.ofMillis(100),
          Duration.ofMillis(250),
          Duration.ofMillis(500),
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          Duration.ofMinutes(15),
          Duration.ofMinutes(30),
          Duration.ofHours(1));

  private static final Duration[] STAGE_DURATION_BUCKETS =
      buckets(
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofMinutes(1),
          Duration.ofMinutes(2),
          Duration.ofMinutes(5),
          Duration.ofMinutes(10),
          Duration.ofMinutes(20),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(4),
          Duration.ofHours(8),
          Duration.ofHours(16),
          Duration.ofHours(24));

  private final MeterRegistry registry;
  private final MeterVocabulary vocabulary;
  private final Map<String, AtomicLong> gaugeValues = new ConcurrentHashMap<>();

  public TaperMetrics(MeterRegistry registry, MeterVocabulary vocabulary) {
    this.registry = registry;
    this.vocabulary = vocabulary;
    // Event counters exist at 0 from the start, not from their first event: a series that first
    // appears at 1 shows no increase() or rate() for that event, and the dashboards would read
    // "no data" instead of 0 on a healthy fleet.
    // The same goes for histograms: a quantile over buckets that appeared with their first sample
    // is NaN.
    for (String kind : vocabulary.stageKinds()) {
      claims(kind);
      reclaims(kind);
      retries(kind);
      queueWait(kind);
      trainingFlops(kind);
    }
    heartbeatsMissed();
    loopErrors();
    for (String operation : MeteredArtifactStore.OPERATIONS) {
      artifactStoreErrors(operation);
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  public MeterVocabulary vocabulary() {
    return vocabulary;
  }

  public void jobClaimed(String kind, Duration waitedInQueue) {
    claims(kind).increment();
    queueWait(kind).record(waitedInQueue);
    // A claimed stage usually succeeds: its duration series exists from now, at 0, so the finish
    // is a visible increase once a scrape came between (every outcome x every kind up front is
    // too many series). Other outcomes still appear with their first event.
    stageDuration(kind, vocabulary.successOutcome());
  }

  public void jobReclaimed(String kind, boolean willRetry) {
    reclaims(kind).increment();
    if (willRetry) {
      jobRetried(kind);
    }
  }

  /** A job queued again for another attempt: reclaimed, or its attempt failed and may pass. */
  public void jobRetried(String kind) {
    retries(kind).increment();
  }

  /**
   * Records the attempt's duration by outcome, and blanks the kind's live training gauges (NaN,
   * which Prometheus's max and min skip), so an idle worker does not report its last stage for
   * ever; another stage of the kind running on this worker sets them again at its next progress
   * report.
   */
  public void stageFinished(String kind, String outcome, Duration duration) {
    stageDuration(kind, outcome).record(duration);
    for (String gauge : TRAINING_GAUGES) {
      AtomicLong bits = gaugeValues.get(gauge + '|' + kind);
      if (bits != null) {
        bits.set(Double.doubleToLongBits(Double.NaN));
      }
    }
  }

  public void trainingProgress(
      String kind, double samplesPerSecond, double loss, int layer, int layers) {
    setGauge(TRAINING_SAMPLES_PER_SECOND, "kind", kind, samplesPerSecond, "Training throughput");
    setGauge(TRAINING_LOSS, "kind", kind, loss, "Current training loss");
    setGauge(IMITATION_LAYER, "kind", kind, layer, "Imitation layer in progress (0-based)");
    setGauge(IMITATION_LAYERS, "kind", kind, layers, "Imitation layers in all");
  }

  /**
   * What a finished stage's training cost ({@code ModelMetrics.trainingFlops}); a cost the stage
   * could not count (NaN, or 0 from an engine that did not) adds nothing.
   */
  public void stageTrainingFlops(String kind, double flops) {
    if (Double.isFinite(flops) && flops > 0) {
      trainingFlops(kind).increment(flops);
    }
  }

  public void heartbeatMissed() {
    heartbeatsMissed().increment();
  }

  public void workerLoopError() {
    loopErrors().increment();
  }

  public void artifactStoreError(String operation) {
    artifactStoreErrors(operation).increment();
  }

  // Histograms so dashboards can show p95 waits, not only the mean and the max. Fixed buckets, not
  // Micrometer's percentile histogram (some 80 buckets a timer here), as every kind is registered.
  private Timer queueWait(String kind) {
    return Timer.builder(QUEUE_WAIT)
        .description("Time from a job becoming runnable to its claim")
        .tag("kind", kind)
        .serviceLevelObjectives(QUEUE_WAIT_BUCKETS)
        .register(registry);
  }

  // Stages run from seconds (tiny tests) to hours; the default histogram range stops at 30 s.
  private Timer stageDuration(String kind, String outcome) {
    return Timer.builder(STAGE_DURATION)
        .description("Wall time of stage jobs by outcome")
        .tag("kind", kind)
        .tag("outcome", outcome)
        .serviceLevelObjectives(STAGE_DURATION_BUCKETS)
        .register(registry);
  }

  private static Duration[] buckets(Duration... bounds) {
    return bounds;
  }

  private Counter claims(String kind) {
    return Counter.builder(QUEUE_CLAIMS)
        .description("Stage jobs claimed by workers")
        .tag("kind", kind)
        .register(registry);
  }

  private Counter reclaims(String kind) {
    return Counter.builder(QUEUE_RECLAIMS)
        .description("Running jobs whose lease expired and were taken back")
        .tag("kind", kind)
        .register(registry);
  }

  private Counter retries(String kind) {
    return Counter.builder(QUEUE_RETRIES)
        .description("Jobs queued again for another attempt")
        .tag("kind", kind)
        .register(registry);
  }

  private Counter trainingFlops(String kind) {
    return Counter.builder(TRAINING_FLOPS)
        .description("FLOPs spent training the models stages recorded, teachers' reads included")
        .tag("kind", kind)
        .register(registry);
  }

  private Counter heartbeatsMissed() {
    return Counter.builder(HEARTBEATS_MISSED)
        .description("Heartbeats that found the lease lost or failed")
        .register(registry);
  }

  private Counter loopErrors() {
    return Counter.builder(WORKER_LOOP_ERRORS)
        .description("Unexpected errors caught at the worker loop's edge")
        .register(registry);
  }

  private Counter artifactStoreErrors(String operation) {
    return Counter.builder(ARTIFACT_STORE_ERRORS)
        .description("Artifact store operations that failed")
        .tag("operation", operation)
        .register(registry);
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

  /** The test accuracy of the latest model of one role, as the model table holds it. */
  public <T> void modelAccuracyGauge(String role, T source, ToDoubleFunction<T> accuracy) {
    io.micrometer.core.instrument.Gauge.builder(MODEL_TEST_ACCURACY, source, accuracy)
        .description("Test accuracy of the latest model of each role, as the database holds it")
        .tag("role", role)
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
