package dev.taper.spec;

import dev.taper.training.family.ModelSpec;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.jsontype.TypeDeserializer;
import tools.jackson.databind.node.ObjectNode;

/** Reads a spec's model, taking the default family when it names none. */
final class ModelSpecDeserializer extends ValueDeserializer<ModelSpec> {

  @Override
  public ModelSpec deserialize(JsonParser parser, DeserializationContext context) {
    JsonNode node = context.readTree(parser);
    if (node instanceof ObjectNode object && !object.has(SpecDefaults.FAMILY_FIELD)) {
      object.put(SpecDefaults.FAMILY_FIELD, SpecDefaults.FAMILY);
    }
    return context.readTreeAsValue(node, ModelSpec.class);
  }

  @Override
  public Object deserializeWithType(
      JsonParser parser, DeserializationContext context, TypeDeserializer types) {
    return deserialize(parser, context);
  }
}
