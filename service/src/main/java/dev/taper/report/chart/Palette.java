package dev.taper.report.chart;

import java.util.List;

/**
 * The colours charts draw with. Every one reaches a contrast of at least 4.5:1 on the white chart
 * background (WCAG AA for text), so lines, markers and their labels stay legible; the report's
 * tests compute it.
 */
public final class Palette {

  public static final String BACKGROUND = "#ffffff";

  /** Series colours, in the order series take them. */
  public static final List<String> SERIES =
      List.of(
          "#1d4ed8", // blue
          "#c2410c", // orange
          "#15803d", // green
          "#7e22ce", // purple
          "#b91c1c", // red
          "#0f766e", // teal
          "#be185d", // pink
          "#92400e", // brown
          "#4b5563"); // grey

  /** Axes, ticks and their labels. */
  public static final String AXIS = "#374151";

  /** Grid lines: decoration only, never the sole carrier of a value. */
  public static final String GRID = "#e5e7eb";

  private Palette() {}

  /** The i-th series colour, cycling. */
  public static String series(int i) {
    return SERIES.get(Math.floorMod(i, SERIES.size()));
  }
}
