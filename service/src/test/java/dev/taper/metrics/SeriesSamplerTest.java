package dev.taper.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The downsampling of a series: bounded however long a stage runs, ends kept, resumable. */
class SeriesSamplerTest {

  static final int BUDGET = 1000;

  @Test
  void aLongStageKeepsAboutTheBudgetWithItsFirstAndLastReport() {
    SeriesSampler sampler = new SeriesSampler(BUDGET, -1);
    long total = 5_000_000;
    List<RecordedPoint> kept = new ArrayList<>();
    for (long step = 1; step <= total; step += 7) {
      kept.addAll(sampler.offer(point(step, null), total));
    }
    kept.addAll(sampler.offer(point(total, null), total));
    kept.addAll(sampler.drainTail());
    assertThat(kept.size()).isBetween(BUDGET - 5, BUDGET + 2);
    assertThat(kept.get(0).step()).isEqualTo(1);
    assertThat(kept.get(kept.size() - 1).step()).isEqualTo(total);
    assertStrictlyIncreasing(kept);
  }

  @Test
  void aShortStageKeepsEveryReport() {
    SeriesSampler sampler = new SeriesSampler(BUDGET, -1);
    List<RecordedPoint> kept = new ArrayList<>();
    for (long step = 10; step <= 500; step += 10) {
      kept.addAll(sampler.offer(point(step, null), 500));
    }
    kept.addAll(sampler.drainTail());
    assertThat(kept).hasSize(50);
  }

  @Test
  void everyImitationLayerKeepsItsFirstAndLastReport() {
    SeriesSampler sampler = new SeriesSampler(10, -1);
    long total = 3000;
    List<RecordedPoint> kept = new ArrayList<>();
    for (long step = 1; step <= total; step++) {
      int layer = (int) ((step - 1) / 1000);
      kept.addAll(sampler.offer(point(step, layer), total));
    }
    kept.addAll(sampler.drainTail());
    for (int layer = 0; layer < 3; layer++) {
      int l = layer;
      List<Long> steps =
          kept.stream().filter(p -> p.layer() == l).map(RecordedPoint::step).toList();
      assertThat(steps.get(0)).as("first of layer %d", layer).isEqualTo(layer * 1000L + 1);
      assertThat(steps.get(steps.size() - 1))
          .as("last of layer %d", layer)
          .isEqualTo(layer * 1000L + 1000);
    }
    assertStrictlyIncreasing(kept);
  }

  @Test
  void aResumedStageSkipsWhatIsStoredAndAddsNoPointToATakenBucket() {
    long total = 100_000;
    SeriesSampler first = new SeriesSampler(BUDGET, -1);
    List<RecordedPoint> stored = new ArrayList<>();
    for (long step = 1; step <= 40_050; step += 3) {
      stored.addAll(first.offer(point(step, null), total));
    }
    long storedUpTo = stored.get(stored.size() - 1).step();
    // the next attempt resumes from an earlier checkpoint and reports those steps again
    SeriesSampler resumed = new SeriesSampler(BUDGET, storedUpTo);
    List<RecordedPoint> added = new ArrayList<>();
    for (long step = 30_001; step <= total; step += 3) {
      added.addAll(resumed.offer(point(step, null), total));
    }
    added.addAll(resumed.drainTail());
    assertThat(added).allMatch(p -> p.step() > storedUpTo);
    List<RecordedPoint> all = new ArrayList<>(stored);
    all.addAll(added);
    assertStrictlyIncreasing(all);
    assertThat(all.stream().map(p -> p.step() * BUDGET / total).distinct().count())
        .as("one point per bucket, the tail aside")
        .isGreaterThanOrEqualTo(all.size() - 1L);
  }

  @Test
  void nonFiniteValuesAreNotKept() {
    SeriesSampler sampler = new SeriesSampler(BUDGET, -1);
    assertThat(
            sampler.offer(
                new RecordedPoint(MetricName.SAMPLES_PER_SECOND, 1, Double.NaN, null), 10))
        .isEmpty();
    assertThat(sampler.drainTail()).isEmpty();
  }

  private static RecordedPoint point(long step, Integer layer) {
    return new RecordedPoint(MetricName.LOSS, step, 1.0 / step, layer);
  }

  private static void assertStrictlyIncreasing(List<RecordedPoint> points) {
    for (int i = 1; i < points.size(); i++) {
      assertThat(points.get(i).step()).isGreaterThan(points.get(i - 1).step());
    }
  }
}
