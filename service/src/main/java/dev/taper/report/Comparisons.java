package dev.taper.report;

import dev.taper.experiment.ExperimentService;
import dev.taper.experiment.ExperimentView;
import dev.taper.model.ModelCatalog;
import dev.taper.model.ModelRole;
import dev.taper.model.ModelView;
import dev.taper.report.chart.Palette;
import dev.taper.report.chart.ScatterChart;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Builds the comparison of several experiments' arms. */
@Service
class Comparisons {

  private final ExperimentService experiments;
  private final ModelCatalog models;

  Comparisons(ExperimentService experiments, ModelCatalog models) {
    this.experiments = experiments;
    this.models = models;
  }

  /**
   * @throws dev.taper.web.NotFoundException when an id names no experiment
   */
  Comparison of(List<UUID> ids) {
    List<Comparison.Column> columns = new ArrayList<>();
    List<ScatterChart.Point> points = new ArrayList<>();
    for (UUID id : ids) {
      ExperimentView experiment = experiments.get(id);
      List<ModelView> produced = new ArrayList<>(models.ofExperiment(id));
      if (experiment.teacherModelId() != null) {
        models.find(experiment.teacherModelId()).ifPresent(t -> produced.add(0, t));
      }
      List<ArmRow> arms = ExperimentReports.arms(produced, id);
      String color = Palette.series(columns.size());
      columns.add(new Comparison.Column(id, experiment.name(), experiment.status(), color, arms));
      for (ArmRow arm : arms) {
        if (arm.accuracy() != null) {
          points.add(
              new ScatterChart.Point(
                  arm.parameters(),
                  arm.accuracy() * 100,
                  arm.role().name(),
                  experiment.name(),
                  color));
        }
      }
    }
    List<ModelRole> roles =
        Arrays.stream(ModelRole.values())
            .filter(r -> columns.stream().anyMatch(c -> c.arm(r).isPresent()))
            .toList();
    return new Comparison(
        columns,
        roles,
        ScatterChart.of(
            "compare-accuracy",
            "Test accuracy against parameters",
            "Every arm of the compared experiments, one colour per experiment",
            "parameters",
            "test accuracy (%)",
            points,
            "None of these experiments has a model yet"));
  }
}
