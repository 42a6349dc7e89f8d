package dev.taper.report;

import dev.taper.experiment.ExperimentStatus;
import dev.taper.model.ModelRole;
import dev.taper.report.chart.ChartView;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Two or more experiments' arms side by side. */
public record Comparison(List<Column> experiments, List<ModelRole> roles, ChartView accuracy) {

  /** One experiment and its arms. */
  public record Column(
      UUID id, String name, ExperimentStatus status, String color, List<ArmRow> arms) {

    public Optional<ArmRow> arm(ModelRole role) {
      return arms.stream().filter(a -> a.role() == role).findFirst();
    }

    public String accuracyText(ModelRole role) {
      return arm(role).map(ArmRow::accuracyText).orElse(Formats.NONE);
    }

    public Double accuracy(ModelRole role) {
      return arm(role).map(ArmRow::accuracy).orElse(null);
    }

    public String parametersText(ModelRole role) {
      return arm(role).map(ArmRow::parametersText).orElse(Formats.NONE);
    }

    public Double trainingFlops(ModelRole role) {
      return arm(role).map(ArmRow::trainingFlops).orElse(null);
    }

    public String trainingFlopsText(ModelRole role) {
      return arm(role).map(ArmRow::trainingFlopsText).orElse(Formats.NONE);
    }

    public String gainText(ModelRole role) {
      return arm(role).map(ArmRow::gainText).filter(t -> !t.isEmpty()).orElse(Formats.NONE);
    }
  }
}
