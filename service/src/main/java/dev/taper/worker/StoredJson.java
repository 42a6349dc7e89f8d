package dev.taper.worker;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A model's metrics as stored and served: the engine marks a metric that does not apply with NaN (a
 * WIDE model's merge error), which JSON cannot hold as a number, so it is written as null.
 */
final class StoredJson {

  private StoredJson() {}

  static String of(JsonMapper json, Object metrics) {
    return json.writeValueAsString(withNulls(json.valueToTree(metrics)));
  }

  private static JsonNode withNulls(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.properties().forEach(field -> object.set(field.getKey(), withNulls(field.getValue())));
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, withNulls(array.get(i)));
      }
    } else if (node.isNumber() && !Double.isFinite(node.asDouble())) {
      return NullNode.getInstance();
    }
    return node;
  }
}
