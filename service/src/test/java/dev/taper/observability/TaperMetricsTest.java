package dev.taper.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.config.TaperVocabulary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaperMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TaperMetrics metrics = new TaperMetrics(registry, TaperVocabulary.meters());

  @Test
  void claimCountsAndTimesTheWaitPerKind() {
    metrics.jobClaimed("WIDE", Duration.ofMillis(200));
    metrics.jobClaimed("WIDE", Duration.ofMillis(400));
    metrics.jobClaimed("KD", Duration.ofSeconds(1));

    assertThat(registry.get(TaperMetrics.QUEUE_CLAIMS).tag("kind", "WIDE").counter().count())
        .isEqualTo(2.0);
    Timer wait = registry.get(TaperMetrics.QUEUE_WAIT).tag("kind", "WIDE").timer();
    assertThat(wait.count()).isEqualTo(2);
    assertThat(wait.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(600.0);
    assertThat(registry.get(TaperMetrics.QUEUE_CLAIMS).tag("kind", "KD").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void reclaimCountsARetryOnlyWhenTheJobWillRunAgain() {
    metrics.jobReclaimed("IMITATE", true);
    metrics.jobReclaimed("IMITATE", false);

    assertThat(registry.get(TaperMetrics.QUEUE_RECLAIMS).tag("kind", "IMITATE").counter().count())
        .isEqualTo(2.0);
    assertThat(registry.get(TaperMetrics.QUEUE_RETRIES).tag("kind", "IMITATE").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void stageDurationIsTaggedByKindAndOutcome() {
    metrics.stageFinished("FINETUNE", "SUCCEEDED", Duration.ofSeconds(90));
    metrics.stageFinished("FINETUNE", "FAILED", Duration.ofSeconds(3));

    Timer succeeded =
        registry
            .get(TaperMetrics.STAGE_DURATION)
            .tags("kind", "FINETUNE", "outcome", "SUCCEEDED")
            .timer();
    assertThat(succeeded.count()).isEqualTo(1);
    assertThat(succeeded.totalTime(TimeUnit.SECONDS)).isEqualTo(90.0);
    assertThat(registry.get(TaperMetrics.STAGE_DURATION).timers()).hasSize(2);
  }

  @Test
  void trainingFlopsAddUpPerKindAndAnUncountedStageAddsNothing() {
    assertThat(registry.get(TaperMetrics.TRAINING_FLOPS).tag("kind", "IMITATE").counter().count())
        .as("every kind at 0 from the start")
        .isZero();

    metrics.stageTrainingFlops("IMITATE", 6.8e12);
    metrics.stageTrainingFlops("IMITATE", 2.6e12);
    metrics.stageTrainingFlops("IMITATE", Double.NaN);
    metrics.stageTrainingFlops("IMITATE", 0);

    assertThat(registry.get(TaperMetrics.TRAINING_FLOPS).tag("kind", "IMITATE").counter().count())
        .isEqualTo(9.4e12);
  }

  @Test
  void trainingProgressGaugesFollowTheLatestValues() {
    metrics.trainingProgress("IMITATE", 1200.0, 0.8, 1, 4);
    metrics.trainingProgress("IMITATE", 1500.0, 0.5, 2, 4);

    assertThat(gauge(TaperMetrics.TRAINING_SAMPLES_PER_SECOND, "kind", "IMITATE"))
        .isEqualTo(1500.0);
    assertThat(gauge(TaperMetrics.TRAINING_LOSS, "kind", "IMITATE")).isEqualTo(0.5);
    assertThat(gauge(TaperMetrics.IMITATION_LAYER, "kind", "IMITATE")).isEqualTo(2.0);
    assertThat(gauge(TaperMetrics.IMITATION_LAYERS, "kind", "IMITATE")).isEqualTo(4.0);
    // One gauge per name and kind, however often progress is reported.
    assertThat(registry.get(TaperMetrics.TRAINING_LOSS).gauges()).hasSize(1);
  }

  @Test
  void aFinishedStageLeavesItsKindsTrainingGaugesBlankAndOtherKindsAlone() {
    metrics.trainingProgress("IMITATE", 1500.0, 0.5, 2, 4);
    metrics.trainingProgress("KD", 900.0, 1.2, 0, 0);

    metrics.stageFinished("IMITATE", "SUCCEEDED", Duration.ofSeconds(40));

    for (String name :
        List.of(
            TaperMetrics.TRAINING_SAMPLES_PER_SECOND,
            TaperMetrics.TRAINING_LOSS,
            TaperMetrics.IMITATION_LAYER,
            TaperMetrics.IMITATION_LAYERS)) {
      assertThat(gauge(name, "kind", "IMITATE")).as(name).isNaN();
    }
    assertThat(gauge(TaperMetrics.TRAINING_LOSS, "kind", "KD")).isEqualTo(1.2);
  }

  @Test
  void workerCountersIncrement() {
    metrics.heartbeatMissed();
    metrics.workerLoopError();
    metrics.workerLoopError();

    assertThat(registry.get(TaperMetrics.HEARTBEATS_MISSED).counter().count()).isEqualTo(1.0);
    assertThat(registry.get(TaperMetrics.WORKER_LOOP_ERRORS).counter().count()).isEqualTo(2.0);
  }

  @Test
  void artifactStoreErrorsExistAtZeroForEveryOperationAndCountPerOperation() {
    assertThat(registry.get(TaperMetrics.ARTIFACT_STORE_ERRORS).counters())
        .hasSize(MeteredArtifactStore.OPERATIONS.size())
        .allSatisfy(counter -> assertThat(counter.count()).isZero());

    metrics.artifactStoreError("write");
    metrics.artifactStoreError("write");
    metrics.artifactStoreError("read");

    assertThat(registry.get(TaperMetrics.ARTIFACT_STORE_ERRORS).tag("operation", "write").counter())
        .satisfies(counter -> assertThat(counter.count()).isEqualTo(2.0));
    assertThat(registry.get(TaperMetrics.ARTIFACT_STORE_ERRORS).tag("operation", "read").counter())
        .satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0));
  }

  @Test
  void fleetGaugesReadTheirSourceAtScrapeTime() {
    double[] values = {3, 1, 5, 2048};
    metrics.jobsGauge("WIDE", "QUEUED", values, v -> v[0]);
    metrics.workersGauges(values, v -> v[2], v -> v[1]);
    metrics.nativeMemoryGauge("process_resident", "host", values, v -> v[3]);

    values[0] = 4;
    assertThat(
            registry
                .get(TaperMetrics.JOBS)
                .tags("kind", "WIDE", "status", "QUEUED")
                .gauge()
                .value())
        .isEqualTo(4.0);
    assertThat(registry.get(TaperMetrics.WORKERS_ALIVE).gauge().value()).isEqualTo(5.0);
    assertThat(registry.get(TaperMetrics.WORKERS_BUSY).gauge().value()).isEqualTo(1.0);
    assertThat(
            registry
                .get(TaperMetrics.NATIVE_MEMORY)
                .tags("area", "process_resident", "device", "host")
                .gauge()
                .getId()
                .getBaseUnit())
        .isEqualTo("bytes");
  }

  @Test
  void processResidentMemoryIsParsedFromProcStatusInBytes() {
    List<String> status = List.of("Name:\tjava", "VmPeak:\t  900 kB", "VmRSS:\t  123456 kB");
    assertThat(ProcessMemory.parseResidentBytes(status)).isEqualTo(123456 * 1024.0);
    assertThat(ProcessMemory.parseResidentBytes(List.of("Name:\tjava"))).isNaN();
  }

  private double gauge(String name, String tag, String value) {
    return registry.get(name).tag(tag, value).gauge().value();
  }
}
