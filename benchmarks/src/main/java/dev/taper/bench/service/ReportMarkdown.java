package dev.taper.bench.service;

import java.util.Map;

/** Markdown pieces the service benchmark's and the soak's reports both write. */
final class ReportMarkdown {

  private ReportMarkdown() {}

  /** The machine and its load during the run, as two list items. */
  static void host(StringBuilder md, Map<String, Object> machine, Map<String, Object> load) {
    md.append("- machine: ").append(Host.summary(machine)).append("\n");
    md.append("- load: ").append(Host.loadLine(machine, load)).append("\n");
  }

  /** A table row: "| a | b | c |". */
  static void row(StringBuilder md, Object... cells) {
    md.append("|");
    for (Object cell : cells) {
      md.append(" ").append(cell).append(" |");
    }
    md.append("\n");
  }

  /** The closing section: the settings as JSON. */
  static void settings(StringBuilder md, Object settings) {
    md.append("## Settings\n\n```\n").append(ResultFiles.json(settings)).append("\n```\n");
  }
}
