package dev.taper.model;

import dev.taper.training.export.InputDescription;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A model's metrics as stored and served. The engine marks a metric that does not apply with NaN (a
 * WIDE model's merge error), which JSON cannot hold as a number: it is stored as null, and metrics
 * stored before that, which hold it as the string "NaN", are served with null too.
 */
public final class MetricsJson {

  /** Where a model's metrics say what its network reads: {@link InputDescription}. */
  public static final String INPUT = "input";

  /** How Jackson writes a non-finite number when it writes it as a string. */
  private static final Set<String> NON_FINITE = Set.of("NaN", "Infinity", "-Infinity");

  private MetricsJson() {}

  /** The metrics record as the JSON to store, non-finite numbers written as null. */
  public static String stored(JsonMapper json, Object metrics) {
    return json.writeValueAsString(withNulls(json.valueToTree(metrics)));
  }

  /** The metrics record as the JSON to store, with what the model's network reads beside them. */
  public static String stored(JsonMapper json, Object metrics, InputDescription input) {
    ObjectNode stored = (ObjectNode) withNulls(json.valueToTree(metrics));
    stored.set(INPUT, json.valueToTree(input));
    return json.writeValueAsString(stored);
  }

  /** Stored metrics as the API serves them: every non-finite number, or its string form, null. */
  static JsonNode served(JsonNode metrics) {
    return withNulls(metrics);
  }

  private static JsonNode withNulls(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.properties().forEach(field -> object.set(field.getKey(), withNulls(field.getValue())));
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, withNulls(array.get(i)));
      }
    } else if (node.isNumber() && !Double.isFinite(node.asDouble())
        || node.isString() && NON_FINITE.contains(node.asString())) {
      return NullNode.getInstance();
    }
    return node;
  }
}
