package dev.taper.report.chart;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays a small DAG out in columns: a node's column is the length of the longest path reaching it
 * (sources on the left), nodes keep their given order within a column, and edges run left to right.
 */
public final class GraphLayout {

  static final double BOX_WIDTH = 150;
  static final double BOX_HEIGHT = 46;
  static final double COLUMN_GAP = 90;
  static final double ROW_GAP = 22;
  static final double MARGIN = 12;

  /** A node to place, in the order nodes should appear top to bottom. */
  public record Input(
      String id, String title, String subtitle, String color, String href, String description) {}

  /** An edge to draw, parent to child. */
  public record Link(String from, String to, String label, boolean dashed) {}

  private GraphLayout() {}

  public static GraphView layout(List<Input> inputs, List<Link> links) {
    Map<String, Integer> column = new LinkedHashMap<>();
    inputs.forEach(n -> column.put(n.id(), 0));
    List<Link> drawn =
        links.stream()
            .filter(l -> column.containsKey(l.from()) && column.containsKey(l.to()))
            .toList();
    // longest path by relaxation: at most |nodes| rounds in a DAG
    for (int round = 0; round < inputs.size(); round++) {
      boolean changed = false;
      for (Link l : drawn) {
        int wanted = column.get(l.from()) + 1;
        if (column.get(l.to()) < wanted) {
          column.put(l.to(), wanted);
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    Map<Integer, Integer> rowsUsed = new HashMap<>();
    Map<String, GraphView.Node> placed = new LinkedHashMap<>();
    int columns = 0;
    int rows = 0;
    for (Input n : inputs) {
      int c = column.get(n.id());
      int r = rowsUsed.merge(c, 1, Integer::sum) - 1;
      columns = Math.max(columns, c + 1);
      rows = Math.max(rows, r + 1);
      double x = MARGIN + c * (BOX_WIDTH + COLUMN_GAP);
      double y = MARGIN + r * (BOX_HEIGHT + ROW_GAP);
      placed.put(
          n.id(),
          new GraphView.Node(
              n.id(),
              x,
              y,
              BOX_WIDTH,
              BOX_HEIGHT,
              n.title(),
              n.subtitle(),
              n.color(),
              n.href(),
              n.description()));
    }
    List<GraphView.Edge> edges = new ArrayList<>();
    for (Link l : drawn) {
      GraphView.Node a = placed.get(l.from());
      GraphView.Node b = placed.get(l.to());
      double x1 = a.x() + a.width();
      double y1 = a.y() + a.height() / 2;
      double x2 = b.x() - 4;
      double y2 = b.y() + b.height() / 2;
      edges.add(
          new GraphView.Edge(
              x1, y1, x2, y2, (x1 + x2) / 2, (y1 + y2) / 2 - 5, l.label(), l.dashed()));
    }
    int width = (int) Math.ceil(2 * MARGIN + columns * BOX_WIDTH + (columns - 1) * COLUMN_GAP);
    int height = (int) Math.ceil(2 * MARGIN + rows * BOX_HEIGHT + (rows - 1) * ROW_GAP);
    return new GraphView(width, Math.max(height, 1), List.copyOf(placed.values()), edges);
  }
}
