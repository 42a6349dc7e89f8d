package dev.taper.report.chart;

import java.util.List;

/** A directed graph laid out in columns, for the template to draw as SVG. */
public record GraphView(int width, int height, List<Node> nodes, List<Edge> edges) {

  /**
   * A box with a caption of two lines, linking somewhere.
   *
   * @param href where the box links (a model's download)
   */
  public record Node(
      String id,
      double x,
      double y,
      double width,
      double height,
      String title,
      String subtitle,
      String color,
      String href,
      String description) {}

  /** A line from one box's right side to another's left side, with an arrowhead and a label. */
  public record Edge(
      double x1,
      double y1,
      double x2,
      double y2,
      double labelX,
      double labelY,
      String label,
      boolean dashed) {

    /** A smooth S-shaped path between the two ends. */
    public String path() {
      double mid = (x1 + x2) / 2;
      return "M" + x1 + "," + y1 + " C" + mid + "," + y1 + " " + mid + "," + y2 + " " + x2 + ","
          + y2;
    }
  }
}
