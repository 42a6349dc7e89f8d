package dev.taper.training;

/**
 * The loss a training phase optimises, on a fixed batch, before its first step and after its last
 * (imitation phases measure it; NaN where a phase does not).
 */
public record PhaseLoss(int phase, double start, double end) {}
