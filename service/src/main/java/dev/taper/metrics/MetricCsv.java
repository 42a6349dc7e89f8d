package dev.taper.metrics;

/** A series as CSV: a header line, then {@code step,value,layer} per point (layer may be empty). */
final class MetricCsv {

  static final String HEADER = "step,value,layer\n";

  private MetricCsv() {}

  static String write(MetricSeries series) {
    StringBuilder csv = new StringBuilder(HEADER.length() + series.points().size() * 24);
    csv.append(HEADER);
    for (MetricPoint point : series.points()) {
      csv.append(point.step())
          .append(',')
          .append(point.value())
          .append(',')
          .append(point.layer() == null ? "" : point.layer())
          .append('\n');
    }
    return csv.toString();
  }
}
