package dev.taper.training.loop;

import ai.djl.ndarray.NDList;
import java.util.Map;

/**
 * What a phase must carry through a checkpoint besides the parameters and the optimiser's moments:
 * numbers (early stopping's best score, a validation history) and arrays (the best epoch's
 * parameters).
 */
public record PhaseState(Map<String, Double> values, NDList arrays) {

  public static final PhaseState NONE = new PhaseState(Map.of(), new NDList());

  public PhaseState {
    values = Map.copyOf(values);
  }
}
