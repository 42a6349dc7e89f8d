package dev.taper.report;

import dev.taper.experiment.ExperimentStatus;
import dev.taper.model.ModelRole;
import dev.taper.report.chart.ChartView;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Two or more experiments' arms side by side. */
public record Comparison(List<Column> experiments, List<ModelRole> roles, ChartView accuracy) {

  /** A figure by its name (templates cannot reach the enum itself). */
  public Figure figure(String name) {
    return Figure.valueOf(name);
  }

  /** The rows of a figure's table: every role, or for THIN's gain the baselines it is over. */
  public List<ModelRole> rows(Figure figure) {
    return figure == Figure.GAIN
        ? roles.stream().filter(ExperimentReports.BASELINES::contains).toList()
        : roles;
  }

  /** A figure the page tables per arm and experiment: its value, how it reads, its table. */
  public enum Figure {
    ACCURACY(
        "accuracy",
        "Arm",
        "Test accuracy of each arm, per experiment",
        ArmRow::accuracy,
        ArmRow::accuracyText),
    GAIN(
        "gain",
        "Baseline",
        "THIN's test accuracy minus each baseline's, in percentage points",
        ArmRow::thinGain,
        ArmRow::gainText),
    PARAMETERS(
        "parameters",
        "Arm",
        "Parameters of each arm, per experiment",
        arm -> (double) arm.parameters(),
        ArmRow::parametersText),
    TRAINING_FLOPS(
        "training-flops",
        "Arm",
        "What each arm's training cost in FLOPs, the stages it was trained from included, per"
            + " experiment",
        ArmRow::trainingFlops,
        ArmRow::trainingFlopsText);

    private final String table;
    private final String rowHeader;
    private final String caption;
    private final Function<ArmRow, Double> value;
    private final Function<ArmRow, String> text;

    Figure(
        String table,
        String rowHeader,
        String caption,
        Function<ArmRow, Double> value,
        Function<ArmRow, String> text) {
      this.table = table;
      this.rowHeader = rowHeader;
      this.caption = caption;
      this.value = value;
      this.text = text;
    }

    /** The table's {@code data-table} name. */
    public String table() {
      return table;
    }

    public String rowHeader() {
      return rowHeader;
    }

    public String caption() {
      return caption;
    }
  }

  /** One cell: the raw value (the page's {@code data-value}, null for none) and its text. */
  public record Cell(Double value, String text) {}

  /** One experiment and its arms. */
  public record Column(
      UUID id, String name, ExperimentStatus status, String color, List<ArmRow> arms) {

    public Optional<ArmRow> arm(ModelRole role) {
      return arms.stream().filter(a -> a.role() == role).findFirst();
    }

    /** The arm's figure; a dash where the experiment has no such arm or the arm no such figure. */
    public Cell cell(Figure figure, ModelRole role) {
      Optional<ArmRow> arm = arm(role);
      return new Cell(
          arm.map(figure.value).orElse(null),
          arm.map(figure.text).filter(t -> !t.isEmpty()).orElse(Formats.NONE));
    }
  }
}
