package dev.taper.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Schema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds schemas read from a class to the contract's components without clobbering others: a nested
 * record whose simple name is taken by a different schema (a family's {@code Stage} beside the
 * experiment's) is added under its owner's name prefixed, and every reference to it follows.
 */
final class SchemaNames {

  private static final String PREFIX = "#/components/schemas/";

  private SchemaNames() {}

  @SuppressWarnings("rawtypes")
  static void addAll(Components components, Map<String, Schema> read, Class<?> owner) {
    Map<String, Schema> existing =
        components.getSchemas() == null ? Map.of() : components.getSchemas();
    Map<String, String> renamed = new HashMap<>();
    read.forEach(
        (name, schema) -> {
          Schema<?> taken = existing.get(name);
          if (taken != null && !taken.equals(schema) && !name.equals(owner.getSimpleName())) {
            renamed.put(name, owner.getSimpleName() + name);
          }
        });
    read.forEach(
        (name, schema) -> {
          follow(schema, renamed);
          components.addSchemas(renamed.getOrDefault(name, name), schema);
        });
  }

  /** Points the schema's references (at any depth) at the renamed schemas. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static void follow(Schema schema, Map<String, String> renamed) {
    if (schema == null || renamed.isEmpty()) {
      return;
    }
    String ref = schema.get$ref();
    if (ref != null
        && ref.startsWith(PREFIX)
        && renamed.containsKey(ref.substring(PREFIX.length()))) {
      schema.set$ref(PREFIX + renamed.get(ref.substring(PREFIX.length())));
    }
    if (schema.getProperties() != null) {
      ((Map<String, Schema>) schema.getProperties()).values().forEach(p -> follow(p, renamed));
    }
    follow(schema.getItems(), renamed);
    if (schema.getAdditionalProperties() instanceof Schema additional) {
      follow(additional, renamed);
    }
    for (List<Schema> group :
        List.of(listOf(schema.getAllOf()), listOf(schema.getOneOf()), listOf(schema.getAnyOf()))) {
      group.forEach(s -> follow(s, renamed));
    }
  }

  @SuppressWarnings("rawtypes")
  private static List<Schema> listOf(List<Schema> schemas) {
    return schemas == null ? List.of() : schemas;
  }
}
