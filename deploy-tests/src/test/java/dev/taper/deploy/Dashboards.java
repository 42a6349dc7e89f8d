package dev.taper.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PromQL of the Grafana dashboards under deploy/grafana/dashboards. */
final class Dashboards {

  record Query(String dashboard, String panel, String expr) {}

  /** A metric selector: the metric's name and its label matchers ({@code a="b", c=~"d"}). */
  record Selector(String metric, String matchers) {}

  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "inf",
          "nan",
          // aggregation operators: `sum by (x) (...)` puts the grouping between name and parens
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile");

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  /**
   * A string literal, a range, a grouping clause, or an identifier with its label matchers: what a
   * scan must step over whole so that only metric names are left as bare identifiers.
   */
  private static final Pattern TOKEN =
      Pattern.compile(
          "\"(?:[^\"\\\\]|\\\\.)*\""
              + "|\\[[^]]*]"
              + "|\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)"
              + "|([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*})?");

  private Dashboards() {}

  static List<Path> files() {
    try {
      return HelmChartTest.dashboardFiles(Repo.path("deploy/grafana/dashboards"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Query> queries() {
    List<Query> queries = new ArrayList<>();
    for (Path file : files()) {
      JsonNode dashboard = json(file);
      for (JsonNode panel : dashboard.path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          queries.add(
              new Query(
                  dashboard.path("title").asText(),
                  panel.path("title").asText(),
                  target.path("expr").asText()));
        }
      }
    }
    return queries;
  }

  static JsonNode json(Path file) {
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot parse " + file, e);
    }
  }

  /** Every metric selector of a PromQL expression, with its matchers (empty when it has none). */
  static List<Selector> selectors(String expr) {
    Set<String> metrics = metricNames(expr);
    List<Selector> selectors = new ArrayList<>();
    Matcher m = TOKEN.matcher(expr);
    while (m.find()) {
      if (m.group(1) != null && metrics.contains(m.group(1))) {
        String braces = m.group(2) == null ? "{}" : m.group(2);
        selectors.add(new Selector(m.group(1), braces.substring(1, braces.length() - 1).trim()));
      }
    }
    return selectors;
  }

  /**
   * The metric names a PromQL expression reads: identifiers that are not functions (followed by a
   * parenthesis), keywords, label names in {@code by (...)}/{@code {...}}, or range durations.
   */
  static Set<String> metricNames(String expr) {
    String stripped =
        expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"") // string literals
            .replaceAll("\\{[^}]*}", " ") // label matchers
            .replaceAll("\\[[^]]*]", " ") // ranges
            .replaceAll(
                "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " $1 ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(stripped);
    while (m.find()) {
      String word = m.group();
      boolean function = stripped.substring(m.end()).stripLeading().startsWith("(");
      boolean number = m.start() > 0 && Character.isDigit(stripped.charAt(m.start() - 1));
      if (!function && !number && !KEYWORDS.contains(word.toLowerCase())) {
        names.add(word);
      }
    }
    return names;
  }
}
