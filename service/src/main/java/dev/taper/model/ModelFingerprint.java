package dev.taper.model;

import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.ExperimentSpec.TrainingSpec;
import dev.taper.storage.Sha256;
import dev.taper.training.family.ModelSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a WIDE model was trained from: the dataset's content hash, the architecture, the training
 * hyper-parameters, the seed, and the limits that change the training set. Two specs with the same
 * fingerprint train the same teacher, so {@code teacher: {"reuse": true}} may share it.
 */
public final class ModelFingerprint {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ModelFingerprint() {}

  /** The fingerprint of the WIDE model a resolved spec trains on a dataset with this hash. */
  public static String wide(String datasetSha256, ExperimentSpec resolved) {
    Inputs inputs =
        new Inputs(
            datasetSha256,
            resolved.model(),
            resolved.widenFactor(),
            resolved.seed(),
            resolved.wide(),
            resolved.limits().trainExamples(),
            resolved.limits().validationFraction());
    return Sha256.of(JSON.writeValueAsString(inputs));
  }

  /** Field order is fixed by the record, so equal inputs give equal JSON. */
  private record Inputs(
      String datasetSha256,
      ModelSpec model,
      Integer widenFactor,
      Long seed,
      TrainingSpec wide,
      Integer trainExamples,
      Double validationFraction) {}
}
