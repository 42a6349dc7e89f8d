package dev.taper.queue;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Live progress of a running job, as stored in {@code stage_job.progress}.
 *
 * @param layer imitation layer in progress (0-based), or -1 outside imitation
 * @param layers imitation layers in all, or 0 outside imitation
 * @param step optimiser steps done in this stage
 * @param totalSteps optimiser steps the stage will take
 * @param loss the latest training loss; null where there is none (an export) or it is not finite
 * @param samplesPerSecond the stage's throughput; null before it can be measured
 * @param etaSeconds the time the stage still needs; null when it cannot be told
 * @param firstStep the step of this attempt's first progress report
 * @param resumedFromStep the step of the checkpoint this attempt resumed from, 0 when it started
 *     afresh
 */
public record JobProgress(
    String phase,
    int layer,
    int layers,
    long step,
    long totalSteps,
    @Schema(nullable = true) Double loss,
    @Schema(nullable = true) Double samplesPerSecond,
    @Schema(nullable = true) Double etaSeconds,
    long firstStep,
    long resumedFromStep) {

  /** Non-finite numbers become null: JSON has no NaN, and a client reads a number or nothing. */
  public JobProgress {
    loss = finiteOrNull(loss);
    samplesPerSecond = finiteOrNull(samplesPerSecond);
    etaSeconds = finiteOrNull(etaSeconds);
  }

  private static Double finiteOrNull(Double value) {
    return value == null || !Double.isFinite(value) ? null : value;
  }
}
