package dev.taper.experiment;

import dev.taper.dataset.DatasetRegistry;
import dev.taper.dataset.DatasetUnavailableException;
import dev.taper.dataset.RegisteredDataset;
import dev.taper.experiment.spec.ExperimentSpec;
import dev.taper.experiment.spec.ExperimentSpec.DistillationSpec;
import dev.taper.experiment.spec.ExperimentSpec.ModelSpec;
import dev.taper.experiment.spec.ExperimentSpec.OptimizerSpec;
import dev.taper.experiment.spec.ExperimentSpec.StageSpec;
import dev.taper.experiment.spec.ExperimentSpec.TrainingSpec;
import dev.taper.experiment.spec.FamilyDefaults;
import dev.taper.experiment.spec.SpecDefaults;
import dev.taper.experiment.spec.StageConfigs;
import dev.taper.model.ModelCatalog;
import dev.taper.model.ModelRole;
import dev.taper.model.ModelView;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.NetworkFiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * defaults are filled in), then references to datasets and models that do not exist, and a model
 * that does not fit the dataset's examples (checked by building its architecture, as the worker
 * will).
 */
@Component
class SpecValidator {

  static final Set<String> FAMILIES = FamilyDefaults.FAMILIES;
  static final Set<String> TOKENS = Set.of("rows", "patches", "sequence");
  static final Set<String> POOLINGS = Set.of("cls", "mean");

  /** The {@code model} fields each family reads; any other one given is an error. */
  static final Map<String, Set<String>> FAMILY_FIELDS =
      Map.of(
          FamilyDefaults.MLP,
          Set.of("depth", "width"),
          FamilyDefaults.RESNET,
          Set.of("stemChannels", "stemStride", "stages"),
          FamilyDefaults.TRANSFORMER,
          Set.of(
              "depth", "width", "tokens", "patchSize", "heads", "headSize", "ffnWidth", "pooling"));

  // Upper bounds: generous for a CPU or one GPU, but they stop a typo from asking for a network
  // that cannot be allocated. A wide network may be bigger than a thin one by the widen factor.
  static final int MAX_DEPTH = 256;
  static final int MAX_WIDTH = 16_384;
  static final int MAX_WIDE_WIDTH = 65_536;
  static final int MAX_STAGES = 8;
  static final int MAX_STAGE_BLOCKS = 64;
  static final int MAX_CHANNELS = 4_096;
  static final int MAX_WIDE_CHANNELS = 16_384;
  static final int MAX_HEADS = 256;
  static final int MAX_HEAD_SIZE = 1_024;
  static final int MAX_PATCH_SIZE = 1_024;
  static final int MAX_FFN_WIDTH = 65_536;
  static final int MAX_WIDE_FFN_WIDTH = 262_144;
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
    c.range("widenFactor", s.widenFactor(), 1, 64);
    model(s.model(), s.widenFactor(), c);
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

  private static void model(ModelSpec m, int widenFactor, Checks c) {
    c.oneOf("model.family", m.family(), FAMILIES);
    if (c.has("model.family")) {
      return;
    }
    Set<String> applies = FAMILY_FIELDS.get(m.family());
    fields(m)
        .forEach(
            (name, value) -> {
              if (value != null && !applies.contains(name)) {
                c.add("model." + name, "does not apply to family " + m.family());
              }
            });
    int k = c.has("widenFactor") ? 1 : widenFactor;
    switch (m.family()) {
      case FamilyDefaults.MLP -> {
        c.range("model.depth", m.depth(), 1, MAX_DEPTH);
        c.range("model.width", m.width(), 1, MAX_WIDTH);
        c.require(
            "widenFactor",
            (long) m.width() * k <= MAX_WIDE_WIDTH,
            "makes the wide network wider than " + MAX_WIDE_WIDTH + " units");
      }
      case FamilyDefaults.RESNET -> resnet(m, k, c);
      case FamilyDefaults.TRANSFORMER -> transformer(m, k, c);
      default -> throw new IllegalStateException("family " + m.family());
    }
  }

  private static void resnet(ModelSpec m, int k, Checks c) {
    c.range("model.stemChannels", m.stemChannels(), 1, MAX_CHANNELS);
    c.require("model.stemStride", m.stemStride() == 1 || m.stemStride() == 2, "must be 1 or 2");
    List<StageSpec> stages = m.stages();
    if (stages.isEmpty() || stages.size() > MAX_STAGES) {
      c.add("model.stages", "must list 1 to " + MAX_STAGES + " stages");
      return;
    }
    for (int i = 0; i < stages.size(); i++) {
      String path = "model.stages[" + i + "]";
      StageSpec stage = stages.get(i);
      c.required(path + ".blocks", stage.blocks(), 1, MAX_STAGE_BLOCKS);
      c.required(path + ".channels", stage.channels(), 1, MAX_CHANNELS);
      c.required(path + ".innerChannels", stage.innerChannels(), 1, MAX_CHANNELS);
      if (!c.has(path) && (long) stage.innerChannels() * k > MAX_WIDE_CHANNELS) {
        c.add(
            "widenFactor",
            "makes the wide network's bottleneck wider than "
                + MAX_WIDE_CHANNELS
                + " channels (stage "
                + i
                + ")");
      }
    }
  }

  private static void transformer(ModelSpec m, int k, Checks c) {
    c.range("model.depth", m.depth(), 1, MAX_DEPTH);
    c.range("model.width", m.width(), 1, MAX_WIDTH);
    c.range("model.heads", m.heads(), 1, MAX_HEADS);
    c.range("model.headSize", m.headSize(), 1, MAX_HEAD_SIZE);
    c.range("model.ffnWidth", m.ffnWidth(), 1, MAX_FFN_WIDTH);
    c.oneOf("model.tokens", m.tokens(), TOKENS);
    if (FamilyDefaults.PATCHES.equals(m.tokens())) {
      c.range("model.patchSize", m.patchSize(), 1, MAX_PATCH_SIZE);
    } else if (m.patchSize() != null && !c.has("model.tokens")) {
      c.add("model.patchSize", "only with tokens=patches");
    }
    c.oneOf("model.pooling", m.pooling(), POOLINGS);
    if (!c.has("model.heads") && !c.has("model.headSize")) {
      long attention = (long) m.heads() * m.headSize();
      c.require(
          "model.heads",
          attention <= MAX_WIDTH,
          "heads x headSize must be at most " + MAX_WIDTH + ", was " + attention);
      c.require(
          "widenFactor",
          attention > MAX_WIDTH || attention * k <= MAX_WIDE_WIDTH,
          "makes the wide network's attention (heads x headSize) wider than " + MAX_WIDE_WIDTH);
    }
    if (!c.has("model.ffnWidth")) {
      c.require(
          "widenFactor",
          (long) m.ffnWidth() * k <= MAX_WIDE_FFN_WIDTH,
          "makes the wide network's FFN wider than " + MAX_WIDE_FFN_WIDTH);
    }
  }

  /** The model's family-specific fields by JSON name, in the record's order. */
  private static Map<String, Object> fields(ModelSpec m) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("depth", m.depth());
    fields.put("width", m.width());
    fields.put("stemChannels", m.stemChannels());
    fields.put("stemStride", m.stemStride());
    fields.put("stages", m.stages());
    fields.put("tokens", m.tokens());
    fields.put("patchSize", m.patchSize());
    fields.put("heads", m.heads());
    fields.put("headSize", m.headSize());
    fields.put("ffnWidth", m.ffnWidth());
    fields.put("pooling", m.pooling());
    return fields;
  }

  private void checkReferences(ExperimentSpec s, Checks c) {
    Architecture thin = null;
    if (!c.has("dataset")) {
      try {
        Optional<RegisteredDataset> dataset = datasets.resolve(s.dataset());
        if (dataset.isEmpty()) {
          c.add(
              "dataset",
              "no dataset named '" + s.dataset() + "' is registered (see GET /api/v1/datasets)");
        } else if (!c.has("model") && !c.has("widenFactor")) {
          thin = fitToDataset(s, dataset.get(), c);
        }
      } catch (DatasetUnavailableException e) {
        c.add("dataset", e.getMessage());
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
    } else if (thin != null) {
      Architecture wide = thin.widen(s.widenFactor());
      JsonNode theirs = teacher.get().architecture();
      if (!wide.equals(readArchitecture(theirs))) {
        c.add(
            "teacher.modelId",
            "its architecture "
                + theirs
                + " is not this spec's model widened "
                + s.widenFactor()
                + "x on this dataset");
      }
    }
  }

  /**
   * Builds the thin network for the dataset's examples, as the worker will, or names the fields
   * that make it impossible. Returns null when it cannot be built.
   */
  private static Architecture fitToDataset(ExperimentSpec s, RegisteredDataset dataset, Checks c) {
    long[] shape;
    try {
      shape = dataset.exampleDimensions();
    } catch (IllegalStateException e) {
      c.add("dataset", e.getMessage());
      return null;
    }
    ModelSpec m = s.model();
    String examples =
        "dataset '" + dataset.name() + "' has examples of shape " + Arrays.toString(shape);
    if (FamilyDefaults.RESNET.equals(m.family()) && shape.length != 3) {
      c.add("model.family", "resnet needs image examples (channels, height, width); " + examples);
    } else if (FamilyDefaults.TRANSFORMER.equals(m.family())) {
      boolean sequence = "sequence".equals(m.tokens());
      if (sequence && shape.length != 2) {
        c.add("model.tokens", "sequence needs examples of rank 2 (steps, features); " + examples);
      } else if (!sequence && shape.length != 3) {
        c.add(
            "model.tokens",
            m.tokens()
                + " needs image examples (channels, height, width); "
                + examples
                + (shape.length == 2 ? " (use tokens=sequence)" : ""));
      } else if (FamilyDefaults.PATCHES.equals(m.tokens())
          && (shape[1] % m.patchSize() != 0 || shape[2] % m.patchSize() != 0)) {
        c.add(
            "model.patchSize",
            "must divide the images' height and width (" + shape[1] + "x" + shape[2] + ")");
      }
    }
    if (c.has("model")) {
      return null;
    }
    try {
      Architecture thin = StageConfigs.architecture(m, shape, dataset.classes());
      thin.widen(s.widenFactor());
      return thin;
    } catch (IllegalArgumentException | ArithmeticException e) {
      c.add("model", "does not fit dataset '" + dataset.name() + "': " + e.getMessage());
      return null;
    }
  }

  /** A recorded model's architecture, or null when it cannot be read. */
  private static Architecture readArchitecture(JsonNode architecture) {
    try {
      return NetworkFiles.readArchitecture(architecture.toString());
    } catch (RuntimeException e) {
      return null;
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

    /** A range check of a value the defaults cannot fill in. */
    void required(String field, Integer value, int min, int max) {
      if (value == null) {
        add(field, "is required");
      } else {
        range(field, value, min, max);
      }
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
