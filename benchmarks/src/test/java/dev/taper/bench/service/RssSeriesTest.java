package dev.taper.bench.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RssSeriesTest {

  @Test
  void growthDuringWarmUpDoesNotCountAgainstAFlatWorker() {
    RssSeries rss = new RssSeries();
    for (int s = 0; s <= 600; s += 5) {
      // 2 MiB a second for the first two minutes, then a plateau with +-3 MiB of noise
      double mib = s < 120 ? 400 + 2 * s : 640 + (s % 10 == 0 ? 3 : -3);
      rss.add(s, Math.round(mib * 1024));
    }

    Map<String, Object> summary = rss.summary(120, 180, 1.0);

    assertThat(summary).containsEntry("judged", true).containsEntry("flat", true);
    assertThat((Double) summary.get("slope_mib_per_minute")).isBetween(-1.0, 1.0);
    assertThat(summary).containsEntry("warm_min_mib", 637.0).containsEntry("warm_max_mib", 643.0);
  }

  @Test
  void aSteadyLeakIsNotFlat() {
    RssSeries rss = new RssSeries();
    for (int s = 0; s <= 600; s += 5) {
      rss.add(s, Math.round((500 + s / 60.0 * 4) * 1024));
    }

    Map<String, Object> summary = rss.summary(120, 180, 1.0);

    assertThat(summary).containsEntry("flat", false).containsEntry("slope_mib_per_minute", 4.0);
  }

  @Test
  void aShortLifeAfterWarmUpIsNotJudged() {
    RssSeries rss = new RssSeries();
    for (int s = 0; s <= 200; s += 5) {
      rss.add(s, 500 * 1024);
    }

    assertThat(rss.summary(120, 180, 1.0)).containsEntry("judged", false).doesNotContainKey("flat");
    assertThat(rss.summary(Double.POSITIVE_INFINITY, 180, 1.0))
        .containsEntry("judged", false)
        .containsEntry("warm_samples", 0);
  }
}
