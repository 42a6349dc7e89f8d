package dev.taper.report;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A model's inference latency, once an export has measured it: the batch-1 median of a {@code
 * LatencyReport} ({@code p50Millis}) wherever the model's metrics hold one (the first found, depth
 * first); empty for a model never exported.
 */
final class ExportLatency {

  static final String FIELD = "p50Millis";

  private ExportLatency() {}

  static Optional<Double> of(JsonNode metrics) {
    if (metrics == null) {
      return Optional.empty();
    }
    JsonNode value = metrics.get(FIELD);
    if (value != null && value.isNumber()) {
      return Optional.of(value.asDouble());
    }
    for (JsonNode child : metrics) {
      if (child.isContainer()) {
        Optional<Double> found = of(child);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }
}
