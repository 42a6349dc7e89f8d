package dev.taper.metrics;

import java.util.List;

/**
 * A stored series of one stage job, oldest point first.
 *
 * @param axis what the points' {@code step} counts: optimiser steps or epochs
 */
public record MetricSeries(
    long jobId, MetricName name, MetricName.Axis axis, List<MetricPoint> points) {

  public MetricSeries {
    points = List.copyOf(points);
  }

  public static MetricSeries of(long jobId, MetricName name, List<MetricPoint> points) {
    return new MetricSeries(jobId, name, name.axis(), points);
  }
}
