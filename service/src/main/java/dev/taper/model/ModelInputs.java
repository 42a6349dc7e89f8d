package dev.taper.model;

import dev.taper.dataset.DatasetPreparer;
import dev.taper.dataset.DatasetRegistry;
import dev.taper.dataset.RegisteredDataset;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecDefaults;
import dev.taper.training.export.InputContract;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the models of an experiment read and how their training standardised it, for models
 * published before workers recorded it in their metrics: computed again as the worker computes it
 * for training and for an export: the spec's training split of the dataset (seed, limits,
 * validation hold-out), its statistics from {@link DatasetPreparer}, and the values as the
 * dataset's files store them ({@link InputContract#of}). Reading a dataset takes seconds and a few
 * hundred MB of heap, so the result is kept per dataset content and split, one dataset is read at a
 * time (downloads of several models on a cold start wait for the one read instead of each holding a
 * copy), and a dataset that could not be read is not read again for {@link #RETRY_FAILED_AFTER}.
 */
@Component
class ModelInputs {

  private static final Logger log = LoggerFactory.getLogger(ModelInputs.class);

  /** Contracts kept: a few numbers each; one per dataset, seed and limits downloaded lately. */
  static final int KEPT = 64;

  /** How long a dataset that could not be read is answered as unknown before it is read again. */
  static final Duration RETRY_FAILED_AFTER = Duration.ofMinutes(5);

  /** What decides the statistics: the dataset's content and the split of its training examples. */
  private record Split(
      String datasetSha256, long seed, double validationFraction, Integer trainExamples) {}

  /** What a split's read gave: its contract, or none, and when. */
  private record Known(Optional<InputContract> contract, Instant at) {}

  private final DatasetRegistry datasets;
  private final JsonMapper json;
  private final Clock clock;
  private final Object reading = new Object();
  private final Map<Split, Known> kept =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Split, Known> eldest) {
          return size() > KEPT;
        }
      };

  @Autowired
  ModelInputs(DatasetRegistry datasets, JsonMapper json) {
    this(datasets, json, Clock.systemUTC());
  }

  ModelInputs(DatasetRegistry datasets, JsonMapper json, Clock clock) {
    this.datasets = datasets;
    this.json = json;
    this.clock = clock;
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
    Known known = fresh(split);
    if (known != null) {
      return known.contract();
    }
    synchronized (reading) {
      known = fresh(split);
      if (known != null) {
        return known.contract();
      }
      Optional<InputContract> contract = read(spec.dataset(), split);
      synchronized (kept) {
        kept.put(split, new Known(contract, clock.instant()));
      }
      return contract;
    }
  }

  /** What is kept for the split, or null when it has to be read (again). */
  private Known fresh(Split split) {
    synchronized (kept) {
      Known known = kept.get(split);
      boolean failedLongAgo =
          known != null
              && known.contract().isEmpty()
              && clock.instant().isAfter(known.at().plus(RETRY_FAILED_AFTER));
      return failedLongAgo ? null : known;
    }
  }

  private Optional<InputContract> read(String dataset, Split split) {
    try {
      return Optional.of(
          InputContract.of(
              datasets.load(dataset),
              split.seed(),
              split.validationFraction(),
              split.trainExamples()));
    } catch (RuntimeException e) {
      log.warn(
          "cannot read dataset {} to describe the input of its models: {}", dataset, e.toString());
      return Optional.empty();
    }
  }
}
