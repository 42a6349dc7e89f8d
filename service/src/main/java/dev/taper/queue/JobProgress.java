package dev.taper.queue;

/**
 * Live progress of a running job, as stored in {@code stage_job.progress}.
 *
 * @param layer imitation layer in progress (0-based), or -1 outside imitation
 * @param layers imitation layers in all, or 0 outside imitation
 * @param step optimiser steps done in this stage
 * @param totalSteps optimiser steps the stage will take
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
    double loss,
    double samplesPerSecond,
    double etaSeconds,
    long firstStep,
    long resumedFromStep) {}
