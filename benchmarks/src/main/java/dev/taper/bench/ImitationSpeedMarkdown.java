package dev.taper.bench;

import java.util.Locale;

/** The imitation-speed result as a page: the table and what it measured, on which machine. */
final class ImitationSpeedMarkdown {

  private ImitationSpeedMarkdown() {}

  static String render(ImitationSpeedResult result) {
    return "# Imitation speed: "
        + result.spec()
        + "\n\n"
        + "Written by `benchmarks/run-imitation-speed.sh` on "
        + result.date()
        + ". "
        + String.format(
            Locale.ROOT,
            "The study's thin %s (%d layers, %,d parameters) imitating its teacher widened %d"
                + " times, %d steps a layer at batch %d: %,d examples a run, %d timed runs of"
                + " each kind after a warm-up, interleaved. Medians of examples per second.",
            result.family(),
            result.layers(),
            result.thinParameters(),
            result.widenFactor(),
            result.stepsPerLayer(),
            result.batchSize(),
            result.examples(),
            result.rates().get(0).runs().size())
        + "\n\n"
        + table(result)
        + "\n"
        + result.units()
        + "\n\nMachine: "
        + result.machine().summary()
        + "\n";
  }

  static String table(ImitationSpeedResult result) {
    StringBuilder table =
        new StringBuilder(
            "| run | whole, cpu | whole, wall | steps, wall | whole relative to supervised |"
                + " steps relative to supervised |\n|---|---:|---:|---:|---:|---:|\n");
    for (ImitationSpeedResult.Kind kind : result.rates()) {
      table.append(
          String.format(
              Locale.ROOT,
              "| %s | %,.0f | %,.0f | %,.0f | %.3f | %.3f |%n",
              kind.kind(),
              kind.medianCpu(),
              kind.medianWall(),
              kind.medianSteps(),
              kind.relativeToSupervised(),
              kind.stepsRelativeToSupervised()));
    }
    return table.toString();
  }
}
