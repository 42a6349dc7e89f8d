package dev.taper.report;

import dev.taper.experiment.ExperimentService;
import dev.taper.experiment.ExperimentView;
import dev.taper.metrics.MetricHistory;
import dev.taper.metrics.MetricName;
import dev.taper.metrics.MetricPoint;
import dev.taper.metrics.MetricSeries;
import dev.taper.model.ModelCatalog;
import dev.taper.model.ModelRole;
import dev.taper.model.ModelView;
import dev.taper.report.chart.ChartView;
import dev.taper.report.chart.GraphView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/** Builds an experiment's report from its record, its models and its stages' history. */
@Service
class ExperimentReports {

  /** The series the report draws; samples/s and the learning rate stay with the API. */
  private static final List<MetricName> DRAWN =
      List.of(MetricName.LOSS, MetricName.VALIDATION_ACCURACY, MetricName.IMITATION_LOSS);

  static final List<ModelRole> BASELINES =
      List.of(ModelRole.SCRATCH, ModelRole.KD, ModelRole.DEEPER);

  private final ExperimentService experiments;
  private final ModelCatalog models;
  private final MetricHistory history;

  ExperimentReports(ExperimentService experiments, ModelCatalog models, MetricHistory history) {
    this.experiments = experiments;
    this.models = models;
    this.history = history;
  }

  /**
   * @throws dev.taper.web.NotFoundException when there is no such experiment
   */
  ExperimentReport of(UUID id) {
    ExperimentView experiment = experiments.get(id);
    List<StageRow> stages =
        experiment.stages().stream()
            .map(
                s ->
                    new StageRow(
                        s.id(),
                        s.kind(),
                        s.status(),
                        s.progress(),
                        s.attempt(),
                        s.error(),
                        s.errorAttempt()))
            .toList();
    List<ModelView> produced = new ArrayList<>(models.ofExperiment(id));
    if (experiment.teacherModelId() != null) {
      models.find(experiment.teacherModelId()).ifPresent(teacher -> produced.add(0, teacher));
    }
    List<ArmRow> arms = arms(produced, id);
    Map<Long, Map<MetricName, MetricSeries>> series =
        history.ofJobs(stages.stream().map(StageRow::id).toList(), DRAWN);
    GraphView lineage =
        produced.isEmpty()
            ? LineageDrawing.empty()
            : models
                .lineage(produced.get(produced.size() - 1).id())
                .map(l -> LineageDrawing.of(l, id))
                .orElseGet(LineageDrawing::empty);
    JsonNode spec = experiment.spec();
    return new ExperimentReport(
        id,
        experiment.name(),
        experiment.status(),
        experiment.waitingFor(),
        experiment.tags(),
        experiment.createdAt(),
        text(spec, "dataset"),
        describeModel(spec),
        stages,
        arms,
        ReportCharts.losses(stages, series),
        ReportCharts.validation(stages, series),
        imitation(spec, stages, series, produced),
        ReportCharts.accuracyVsParameters(arms),
        lineage);
  }

  static List<ArmRow> arms(List<ModelView> produced, UUID experimentId) {
    Optional<Double> thin =
        produced.stream()
            .filter(m -> m.role() == ModelRole.THIN)
            .map(m -> number(m.metrics(), "testAccuracy"))
            .filter(a -> a != null)
            .findFirst();
    ArmCosts costs = ArmCosts.of(produced);
    // THIN's thin network saw imitation's examples before fine-tuning's: its budget is their sum
    double imitationExamples =
        produced.stream()
            .filter(m -> m.role() == ModelRole.WARMED)
            .map(m -> number(m.metrics(), "thinExamplesSeen"))
            .filter(e -> e != null)
            .findFirst()
            .orElse(0.0);
    return produced.stream()
        .sorted(Comparator.comparing(ModelView::role))
        .map(
            m -> {
              Double accuracy = number(m.metrics(), "testAccuracy");
              Double gain =
                  BASELINES.contains(m.role()) && thin.isPresent() && accuracy != null
                      ? thin.get() - accuracy
                      : null;
              Double own = number(m.metrics(), "thinExamplesSeen");
              double examples =
                  (own == null ? 0 : own) + (m.role() == ModelRole.THIN ? imitationExamples : 0);
              return new ArmRow(
                  m.role(),
                  m.id(),
                  !experimentId.equals(m.experimentId()),
                  accuracy,
                  m.paramCount(),
                  m.flops(),
                  m.sizeBytes(),
                  Math.round(examples),
                  costs.total(m.role()),
                  number(m.metrics(), "wallSeconds"),
                  ExportLatency.of(m.metrics()).orElse(null),
                  gain);
            })
        .toList();
  }

  private static ChartView imitation(
      JsonNode spec,
      List<StageRow> stages,
      Map<Long, Map<MetricName, MetricSeries>> series,
      List<ModelView> produced) {
    JsonNode warmed =
        produced.stream()
            .filter(m -> m.role() == ModelRole.WARMED)
            .map(ModelView::metrics)
            .findFirst()
            .orElse(null);
    Optional<StageRow> imitate =
        stages.stream().filter(s -> s.kind().equals("IMITATE")).findFirst();
    List<MetricPoint> live =
        imitate
            .map(s -> series.getOrDefault(s.id(), Map.of()).get(MetricName.IMITATION_LOSS))
            .map(MetricSeries::points)
            .orElse(List.of());
    int head =
        imitate
            .filter(s -> s.progress() != null)
            .map(s -> s.progress().layers())
            .orElse(Integer.MAX_VALUE);
    JsonNode imitateSpec = spec == null ? null : spec.get("imitate");
    boolean joint = "joint".equals(text(imitateSpec, "schedule"));
    return ImitationChart.of(warmed, live, head, joint);
  }

  private static String describeModel(JsonNode spec) {
    JsonNode model = spec == null ? null : spec.get("model");
    if (model == null || !model.isObject()) {
      return "";
    }
    List<String> fields = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : model.properties()) {
      if (!field.getKey().equals("family") && field.getValue().isValueNode()) {
        fields.add(field.getKey() + " " + field.getValue().asString());
      }
    }
    return text(model, "family") + (fields.isEmpty() ? "" : " (" + String.join(", ", fields) + ")");
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? "" : value.asString();
  }

  private static Double number(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isNumber() ? value.asDouble() : null;
  }
}
