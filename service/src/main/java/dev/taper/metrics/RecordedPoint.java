package dev.taper.metrics;

/** A point the worker hands to {@link MetricHistory} to store. */
record RecordedPoint(MetricName name, long step, double value, Integer layer) {}
