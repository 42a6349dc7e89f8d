package dev.taper.report.chart;

/** A labelled position on an axis, in pixels from the chart's origin. */
public record Tick(double at, String label) {}
