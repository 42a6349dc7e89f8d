package dev.taper.model;

import dev.taper.dataset.DatasetPreparer;
import dev.taper.dataset.DatasetRegistry;
import dev.taper.dataset.RawDataset;
import dev.taper.dataset.RegisteredDataset;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecDefaults;
import dev.taper.training.export.InputContract;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the models of an experiment read and how their training standardised it, computed again as
 * the worker computes it for training and for an export: the spec's training split of the dataset
 * (seed, limits, validation hold-out), its statistics from {@link DatasetPreparer}, and the values
 * as the dataset's files store them ({@link InputContract#of}). Reading a dataset takes seconds, so
 * the result is kept per dataset content and split.
 */
@Component
class ModelInputs {

  private static final Logger log = LoggerFactory.getLogger(ModelInputs.class);

  /** Contracts kept: a few numbers each; one per dataset, seed and limits downloaded lately. */
  static final int KEPT = 64;

  /** What decides the statistics: the dataset's content and the split of its training examples. */
  private record Split(
      String datasetSha256, long seed, double validationFraction, Integer trainExamples) {}

  private final DatasetRegistry datasets;
  private final JsonMapper json;
  private final Map<Split, InputContract> kept =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Split, InputContract> eldest) {
          return size() > KEPT;
        }
      };

  ModelInputs(DatasetRegistry datasets, JsonMapper json) {
    this.datasets = datasets;
    this.json = json;
  }

  /**
   * The input contract of the models of the experiment whose stored spec this is, or empty when it
   * cannot be known: no spec, a dataset no longer registered, or files that do not read here.
   */
  Optional<InputContract> of(JsonNode storedSpec) {
    if (storedSpec == null || storedSpec.isNull() || storedSpec.isMissingNode()) {
      return Optional.empty();
    }
    ExperimentSpec spec;
    try {
      // resolved again, as the worker resolves it: a field added since takes its default
      spec = SpecDefaults.resolve(json.treeToValue(storedSpec, ExperimentSpec.class));
    } catch (RuntimeException e) {
      log.warn("cannot read an experiment's spec to describe its models' input", e);
      return Optional.empty();
    }
    Optional<RegisteredDataset> dataset = datasets.find(spec.dataset());
    if (dataset.isEmpty()) {
      return Optional.empty();
    }
    ExperimentSpec.LimitsSpec limits = spec.limits();
    Split split =
        new Split(
            dataset.get().sha256(),
            spec.seed(),
            limits.validationFraction(),
            limits.trainExamples());
    synchronized (kept) {
      InputContract known = kept.get(split);
      if (known != null) {
        return Optional.of(known);
      }
    }
    InputContract contract;
    try {
      RawDataset raw = datasets.load(spec.dataset());
      contract =
          InputContract.of(
              raw.stored(),
              raw.train().exampleShape(),
              DatasetPreparer.standardisation(
                  raw, split.seed(), split.validationFraction(), split.trainExamples()));
    } catch (RuntimeException e) {
      log.warn(
          "cannot read dataset {} to describe the input of its models: {}",
          spec.dataset(),
          e.toString());
      return Optional.empty();
    }
    synchronized (kept) {
      kept.put(split, contract);
    }
    return Optional.of(contract);
  }
}
