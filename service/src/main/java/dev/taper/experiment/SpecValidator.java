package dev.taper.experiment;

import dev.taper.dataset.DatasetRegistry;
import dev.taper.dataset.DatasetUnavailableException;
import dev.taper.dataset.RegisteredDataset;
import dev.taper.model.ModelCatalog;
import dev.taper.model.ModelRole;
import dev.taper.model.ModelView;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecParser;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.FieldChecks;
import dev.taper.training.family.FieldError;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.ModelMismatchException;
import dev.taper.training.family.NetworkFiles;
import dev.taper.training.family.SizeLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a submitted JSON document into a resolved spec, or fails naming every offending field: what
 * the spec itself gets wrong ({@link SpecParser}), then references to datasets and models that do
 * not exist, a model that does not fit the dataset's examples (checked by building its
 * architecture, as the worker will), batch sizes larger than the training split the dataset leaves
 * and early stopping without validation examples ({@link SplitSizeCheck}).
 */
@Component
class SpecValidator {

  private final SpecParser parser;
  private final DatasetRegistry datasets;
  private final ModelCatalog models;

  SpecValidator(JsonMapper json, DatasetRegistry datasets, ModelCatalog models) {
    this.parser = new SpecParser(json);
    this.datasets = datasets;
    this.models = models;
  }

  /**
   * @throws InvalidSpecException naming every problem found
   */
  ExperimentSpec validate(JsonNode body) {
    return validate(body, List.of());
  }

  /**
   * @param alreadyFound problems found beside the spec (its submission's tags), reported with the
   *     spec's own
   * @throws InvalidSpecException naming every problem found
   */
  ExperimentSpec validate(JsonNode body, List<FieldError> alreadyFound) {
    SpecParser.Parsed parsed = parser.parse(body);
    List<FieldError> errors = new ArrayList<>(parsed.errors());
    errors.addAll(alreadyFound);
    if (body == null || !body.isObject()) {
      throw new InvalidSpecException(errors);
    }
    checkReferences(parsed.spec(), new FieldChecks(errors));
    if (!errors.isEmpty()) {
      throw new InvalidSpecException(errors);
    }
    return parsed.spec();
  }

  private void checkReferences(ExperimentSpec s, FieldChecks c) {
    Architecture thin = null;
    if (!c.has("dataset")) {
      try {
        Optional<RegisteredDataset> dataset = datasets.resolve(s.dataset());
        if (dataset.isEmpty()) {
          c.add(
              "dataset",
              "no dataset named '" + s.dataset() + "' is registered (see GET /api/v1/datasets)");
        } else {
          if (!c.has("model")) {
            thin = fitToDataset(s, dataset.get(), !c.has("widenFactor"), c);
          }
          SplitSizeCheck.check(s, dataset.get(), c);
        }
      } catch (DatasetUnavailableException e) {
        c.add("dataset", e.getMessage());
      }
    }
    String modelId = s.teacher().modelId();
    // a mistake in teacher.reuse, or giving both, is another mistake: modelId is still judged
    if (modelId == null || c.hasExactly("teacher.modelId")) {
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
  private static Architecture fitToDataset(
      ExperimentSpec s, RegisteredDataset dataset, boolean widenable, FieldChecks c) {
    long[] shape = dataset.exampleDimensions();
    try {
      Architecture thin = ModelFamilies.architecture(s.model(), shape, dataset.classes());
      checkParameters("model", "the thin network", thin, c);
      if (!widenable) {
        // the widen factor is refused already; the thin network is still checked
        return null;
      }
      Architecture wide = thin.widen(s.widenFactor());
      // a named teacher means WIDE does not train here
      if (s.teacher().modelId() == null) {
        checkParameters("widenFactor", "the wide network", wide, c);
      }
      return thin;
    } catch (ModelMismatchException e) {
      String examples =
          "dataset '" + dataset.name() + "' has examples of shape " + Arrays.toString(shape);
      c.add(
          "model." + e.field(),
          e.aboutTheExamples()
              ? e.reason() + "; " + examples + (e.hint().isEmpty() ? "" : " " + e.hint())
              : e.getMessage());
      return null;
    } catch (IllegalArgumentException | ArithmeticException e) {
      c.add("model", "does not fit dataset '" + dataset.name() + "': " + e.getMessage());
      return null;
    }
  }

  private static void checkParameters(
      String field, String network, Architecture architecture, FieldChecks c) {
    long parameters = architecture.parameterCount();
    if (parameters > SizeLimits.MAX_PARAMETERS && !c.has(field)) {
      c.add(
          field,
          String.format(
              Locale.ROOT,
              "makes %s hold %,d parameters, more than the %,d a network may have",
              network,
              parameters,
              SizeLimits.MAX_PARAMETERS));
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
}
