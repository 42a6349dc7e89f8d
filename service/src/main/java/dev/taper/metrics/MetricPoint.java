package dev.taper.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One point of a series.
 *
 * @param step the optimiser step, or the epoch (from 1) for validation accuracy
 * @param layer the imitation layer of an {@code imitation_loss} point, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricPoint(long step, double value, Integer layer) {}
