package dev.taper.bench.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetTest {

  @Test
  void aLowerBoundMissedSaysByHowMuchAndHowFarShort() {
    Target ratio = Target.atLeast("claim_ratio", 0.8);

    assertThat(ratio.met(0.8)).isTrue();
    assertThat(ratio.verdict(0.93)).isEqualTo("met (0.93 against claim_ratio >= 0.8)");
    assertThat(ratio.verdict(0.72))
        .isEqualTo("missed by 0.08 (10% short: 0.72 against claim_ratio >= 0.8)");
  }

  @Test
  void anUpperBoundMissedSaysByHowMuchOver() {
    Target p99 = Target.below("api p99 ms", 50);

    assertThat(p99.met(50)).isFalse();
    assertThat(p99.verdict(80)).isEqualTo("missed by 30 (60% over: 80 against api p99 ms < 50)");
    assertThat(p99.judge(12.3456))
        .containsEntry("met", true)
        .containsEntry("measured", 12.346)
        .containsEntry("target", "api p99 ms < 50");
  }

  @Test
  void nothingMeasuredIsNeitherMetNorMissed() {
    Target p50 = Target.below("p50", 50);

    assertThat(p50.met(Double.NaN)).isFalse();
    assertThat(p50.verdict(Double.NaN)).isEqualTo("not measured");
    assertThat(ServiceReport.verdict(p50.judge(Double.NaN)))
        .isEqualTo("Target p50 < 50: not measured.");
    assertThat(ServiceReport.verdict(p50.judge(70)))
        .isEqualTo("Target p50 < 50: **missed** by 20 (40% over: 70 against p50 < 50).");
  }
}
