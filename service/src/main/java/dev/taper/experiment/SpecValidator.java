package dev.taper.experiment;

import dev.taper.dataset.DatasetRegistry;
import dev.taper.dataset.RegisteredDataset;
import dev.taper.experiment.spec.ExperimentSpec;
import dev.taper.experiment.spec.ExperimentSpec.DistillationSpec;
import dev.taper.experiment.spec.ExperimentSpec.OptimizerSpec;
import dev.taper.experiment.spec.ExperimentSpec.TrainingSpec;
import dev.taper.experiment.spec.SpecDefaults;
import dev.taper.model.ModelCatalog;
import dev.taper.model.ModelRole;
import dev.taper.model.ModelView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a submitted JSON document into a resolved spec, or fails naming every offending field:
 * unknown fields and wrong types first (from the JSON itself), then impossible values (after the
 * defaults are filled in), then references to datasets and models that do not exist.
 */
@Component
class SpecValidator {

  static final Set<String> FAMILIES = Set.of("mlp");
  static final Set<String> DEVICES = Set.of("auto", "cpu", "gpu");
  static final Set<String> OPTIMIZERS = Set.of("adam", "sgd");
  static final Set<String> SCHEDULES = Set.of("constant", "cosine");
  static final Set<String> IMITATION_SCHEDULES = Set.of("progressive", "joint");
  static final Set<String> IMITATION_LOSSES = Set.of("mse", "normalized_mse");
  static final Set<String> HEAD_LOSSES = Set.of("kl", "mse");
  static final Set<String> BASELINES = Set.of("scratch", "kd", "deeper");

  private final JsonMapper json;
  private final DatasetRegistry datasets;
  private final ModelCatalog models;

  SpecValidator(JsonMapper json, DatasetRegistry datasets, ModelCatalog models) {
    this.json = json;
    this.datasets = datasets;
    this.models = models;
  }

  /**
   * @throws InvalidSpecException naming every problem found
   */
  ExperimentSpec validate(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new InvalidSpecException(List.of(new FieldError("", "the spec must be a JSON object")));
    }
    ObjectNode copy = ((ObjectNode) body).deepCopy();
    List<FieldError> errors = new ArrayList<>(SpecShape.check(copy, ExperimentSpec.class));
    ExperimentSpec resolved = SpecDefaults.resolve(json.treeToValue(copy, ExperimentSpec.class));
    Checks checks = new Checks(errors);
    checkValues(resolved, checks);
    checkReferences(resolved, checks);
    if (!errors.isEmpty()) {
      throw new InvalidSpecException(errors);
    }
    return resolved;
  }

  private static void checkValues(ExperimentSpec s, Checks c) {
    c.require(
        "name", !s.name().isBlank() && s.name().length() <= 200, "must be 1 to 200 characters");
    c.require("dataset", !s.dataset().isBlank(), "must not be blank");
    c.oneOf("model.family", s.model().family(), FAMILIES);
    c.range("model.depth", s.model().depth(), 1, 256);
    c.range("model.width", s.model().width(), 1, 16_384);
    c.range("widenFactor", s.widenFactor(), 1, 64);
    c.require(
        "widenFactor",
        (long) s.model().width() * s.widenFactor() <= 65_536,
        "makes the wide network wider than 65536 units");
    c.require("seed", s.seed() >= 0, "must be >= 0");
    c.oneOf("device", s.device(), DEVICES);
    training("wide", s.wide(), c);
    var imitate = s.imitate();
    c.range("imitate.stepsPerLayer", imitate.stepsPerLayer(), 1, 1_000_000);
    c.oneOf("imitate.schedule", imitate.schedule(), IMITATION_SCHEDULES);
    c.oneOf("imitate.loss", imitate.loss(), IMITATION_LOSSES);
    c.between("imitate.lowerLayerLrScale", imitate.lowerLayerLrScale(), 0, 1);
    c.range("imitate.batchSize", imitate.batchSize(), 1, 65_536);
    optimizer("imitate.optimizer", imitate.optimizer(), c);
    c.oneOf("imitate.headLoss", imitate.headLoss(), HEAD_LOSSES);
    c.positive("imitate.headTemperature", imitate.headTemperature());
    var finetune = s.finetune();
    c.range("finetune.epochs", finetune.epochs(), 1, 10_000);
    c.range("finetune.batchSize", finetune.batchSize(), 1, 65_536);
    optimizer("finetune.optimizer", finetune.optimizer(), c);
    distillation("finetune.distillation", finetune.distillation(), c);
    distillation("kd", s.kd(), c);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < s.baselines().size(); i++) {
      String baseline = s.baselines().get(i);
      String path = "baselines[" + i + "]";
      if (baseline == null || !BASELINES.contains(baseline)) {
        c.add(path, "must be one of " + sorted(BASELINES));
      } else if (!seen.add(baseline)) {
        c.add(path, "is listed twice");
      }
    }
    var limits = s.limits();
    if (limits.trainExamples() != null) {
      c.range("limits.trainExamples", limits.trainExamples(), 1, Integer.MAX_VALUE);
    }
    if (limits.testExamples() != null) {
      c.range("limits.testExamples", limits.testExamples(), 1, Integer.MAX_VALUE);
    }
    c.require(
        "limits.validationFraction",
        limits.validationFraction() >= 0 && limits.validationFraction() < 0.5,
        "must be in [0, 0.5)");
    var teacher = s.teacher();
    if (teacher.modelId() != null && Boolean.TRUE.equals(teacher.reuse())) {
      c.add("teacher", "give either modelId or reuse, not both");
    }
  }

  private void checkReferences(ExperimentSpec s, Checks c) {
    Optional<RegisteredDataset> dataset = Optional.empty();
    if (!c.has("dataset")) {
      dataset = datasets.find(s.dataset());
      if (dataset.isEmpty()) {
        c.add(
            "dataset",
            "no dataset named '" + s.dataset() + "' is registered (see GET /api/v1/datasets)");
      }
    }
    String modelId = s.teacher().modelId();
    if (modelId == null || c.has("teacher")) {
      return;
    }
    UUID id;
    try {
      id = UUID.fromString(modelId);
    } catch (IllegalArgumentException e) {
      c.add("teacher.modelId", "must be a model id (a UUID)");
      return;
    }
    Optional<ModelView> teacher = models.find(id);
    if (teacher.isEmpty()) {
      c.add("teacher.modelId", "no model with id " + modelId);
    } else if (teacher.get().role() != ModelRole.WIDE) {
      c.add("teacher.modelId", "is a " + teacher.get().role() + " model; a teacher must be WIDE");
    } else if (!c.has("model.depth") && !c.has("model.width") && !c.has("widenFactor")) {
      JsonNode a = teacher.get().architecture();
      boolean matches =
          s.model().family().equals(teacher.get().family())
              && a.path("depth").asInt() == s.model().depth()
              && a.path("width").asInt() == s.model().width() * s.widenFactor()
              && dataset.map(d -> a.path("classes").asInt() == d.classes()).orElse(true);
      if (!matches) {
        c.add(
            "teacher.modelId",
            "its architecture "
                + a
                + " is not this spec's model widened "
                + s.widenFactor()
                + "x on this dataset");
      }
    }
  }

  private static void training(String path, TrainingSpec t, Checks c) {
    c.range(path + ".epochs", t.epochs(), 1, 10_000);
    c.range(path + ".batchSize", t.batchSize(), 1, 65_536);
    optimizer(path + ".optimizer", t.optimizer(), c);
  }

  private static void optimizer(String path, OptimizerSpec o, Checks c) {
    c.oneOf(path + ".name", o.name(), OPTIMIZERS);
    c.require(
        path + ".learningRate",
        o.learningRate() > 0 && o.learningRate() <= 10,
        "must be in (0, 10]");
    c.require(path + ".weightDecay", o.weightDecay() >= 0, "must be >= 0");
    c.oneOf(path + ".schedule", o.schedule(), SCHEDULES);
    c.range(path + ".warmupSteps", o.warmupSteps(), 0, 10_000_000);
  }

  private static void distillation(String path, DistillationSpec d, Checks c) {
    c.between(path + ".alpha", d.alpha(), 0, 1);
    c.positive(path + ".temperature", d.temperature());
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }

  /** Collects errors; a field already reported (e.g. for its type) is not reported again. */
  private record Checks(List<FieldError> errors) {

    boolean has(String field) {
      return errors.stream()
          .anyMatch(e -> e.field().equals(field) || e.field().startsWith(field + "."));
    }

    void add(String field, String message) {
      if (!has(field)) {
        errors.add(new FieldError(field, message));
      }
    }

    void require(String field, boolean ok, String message) {
      if (!ok) {
        add(field, message);
      }
    }

    void range(String field, int value, int min, int max) {
      require(field, value >= min && value <= max, "must be between " + min + " and " + max);
    }

    void between(String field, double value, double min, double max) {
      require(field, value >= min && value <= max, "must be in [" + min + ", " + max + "]");
    }

    void positive(String field, double value) {
      require(field, value > 0, "must be > 0");
    }

    void oneOf(String field, String value, Set<String> allowed) {
      require(field, allowed.contains(value), "must be one of " + sorted(allowed));
    }
  }
}
