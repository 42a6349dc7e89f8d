package dev.taper.training.loop;

import ai.djl.nn.Parameter;
import java.util.List;

/** Parameters that share a learning-rate multiplier (lower layers during imitation, say). */
public record ParameterGroup(List<Parameter> parameters, double learningRateScale) {

  public ParameterGroup {
    parameters = List.copyOf(parameters);
  }
}
