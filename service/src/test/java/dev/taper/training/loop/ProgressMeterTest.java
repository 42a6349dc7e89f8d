package dev.taper.training.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.taper.training.Progress;
import dev.taper.training.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The throughput and ETA a stage reports, on a clock the test moves. */
class ProgressMeterTest {

  private static final long SECOND = 1_000_000_000L;
  private static final int BATCH = 100;

  private long now;
  private final List<Progress> reports = new ArrayList<>();
  private final ProgressListener listener =
      new ProgressListener() {
        @Override
        public void onProgress(Progress progress) {
          reports.add(progress);
        }
      };

  private ProgressMeter meter(long totalSteps) {
    return new ProgressMeter(listener, totalSteps, BATCH, 0, () -> now);
  }

  /**
   * Reports {@code windows} half-second windows of five steps each, ten steps a second, after
   * {@code step}; returns the step reached.
   */
  private long steadyPace(ProgressMeter meter, int windows, long step) {
    for (int window = 0; window < windows; window++) {
      now += SECOND / 2;
      step += 5;
      meter.report("train", -1, 0, step, 1.0, 1e-3);
    }
    return step;
  }

  /** The steady pace's rate, and the ETA of 900 steps left at it. */
  private static void assertTenStepsASecondWith900Left(Progress report) {
    assertThat(report.samplesPerSecond()).isCloseTo(10.0 * BATCH, within(1e-9));
    assertThat(report.etaSeconds()).isCloseTo((1000 - 100) / 10.0, within(1e-9));
  }

  @Test
  void aSteadyPaceIsReportedAsItIsWithTheEtaItGives() {
    ProgressMeter meter = meter(1000);
    steadyPace(meter, 20, 0);
    assertTenStepsASecondWith900Left(reports.get(reports.size() - 1));
  }

  @Test
  void aPauseInOneWindowMovesTheRateAndTheEtaALittleNotTenfold() {
    ProgressMeter meter = meter(10_000);
    long step = steadyPace(meter, 40, 0);
    double steadyEta = reports.get(reports.size() - 1).etaSeconds();
    // a checkpoint or a validation pass: five steps took five seconds instead of half of one
    now += 5 * SECOND;
    step += 5;
    meter.report("train", -1, 0, step, 1.0, 1e-3);
    Progress afterPause = reports.get(reports.size() - 1);
    // a half-second window alone would say 100 samples/s and an ETA ten times the steady one
    assertThat(afterPause.samplesPerSecond()).isBetween(5.0 * BATCH, 10.0 * BATCH);
    assertThat(afterPause.etaSeconds()).isBetween(steadyEta, 2 * steadyEta);
    steadyPace(meter, 60, step);
    assertThat(reports.get(reports.size() - 1).samplesPerSecond())
        .as("the pause is forgotten as the pace holds")
        .isCloseTo(10.0 * BATCH, withinPercentage(5));
  }

  @Test
  void aSecondReportAtTheSameStepDoesNotCountItsWaitAsAStall() {
    ProgressMeter meter = meter(1000);
    steadyPace(meter, 20, 0);
    // the phase's last step was reported; a validation pass runs, and its end is reported too
    now += 3 * SECOND;
    meter.report("train", -1, 0, 100, 1.0, 1e-3);
    assertTenStepsASecondWith900Left(reports.get(reports.size() - 1));
  }

  @Test
  void beforeAnyStepHasRunThereIsNoRateAndNoEta() {
    ProgressMeter meter = meter(100);
    now += SECOND;
    meter.report("train", -1, 0, 0, 1.0, 1e-3);
    assertThat(reports.get(0).samplesPerSecond()).isNaN();
    assertThat(reports.get(0).etaSeconds()).isNaN();
  }
}
