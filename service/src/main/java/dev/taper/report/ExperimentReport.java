package dev.taper.report;

import dev.taper.experiment.ExperimentStatus;
import dev.taper.report.chart.ChartView;
import dev.taper.report.chart.GraphView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Everything the report page of one experiment shows, laid out and formatted.
 *
 * @param dataset the dataset the spec names
 * @param model a one-line description of the thin model's spec
 */
public record ExperimentReport(
    UUID id,
    String name,
    ExperimentStatus status,
    String waitingFor,
    List<String> tags,
    Instant createdAt,
    String dataset,
    String model,
    List<StageRow> stages,
    List<ArmRow> arms,
    List<ChartView> lossCharts,
    ChartView validation,
    ChartView imitation,
    ChartView accuracy,
    GraphView lineage) {

  public boolean finished() {
    return status.isFinished();
  }

  /** The slowest running stage's ETA, or an empty text when nothing runs. */
  public String etaText() {
    return stages.stream()
        .filter(StageRow::running)
        .filter(s -> s.progress() != null && s.progress().etaSeconds() != null)
        .mapToDouble(s -> s.progress().etaSeconds())
        .max()
        .stream()
        .mapToObj(Formats::duration)
        .findFirst()
        .orElse("");
  }

  /**
   * Share of the work done: a stage that has ended counts in full whatever its outcome (a cancelled
   * export has nothing left to do), a running one by its steps.
   */
  public double percent() {
    return stages.isEmpty()
        ? 0
        : stages.stream()
            .mapToDouble(s -> s.status().isTerminal() ? 100 : s.percent())
            .average()
            .orElse(0);
  }

  public String percentText() {
    return String.format(java.util.Locale.ROOT, "%.1f%%", percent());
  }
}
