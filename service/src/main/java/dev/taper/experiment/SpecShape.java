package dev.taper.experiment;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a submitted JSON document against the shape of the spec records before binding: unknown
 * fields and values of the wrong type, all of them, with their paths. Offending fields are removed
 * so the rest of the spec can still be bound and checked for impossible values.
 */
final class SpecShape {

  private SpecShape() {}

  /** Returns the problems found and removes the offending fields from {@code root}. */
  static List<FieldError> check(ObjectNode root, Class<? extends Record> type) {
    List<FieldError> errors = new ArrayList<>();
    checkObject(root, type, "", errors);
    return errors;
  }

  private static void checkObject(
      ObjectNode node, Class<?> type, String prefix, List<FieldError> errors) {
    RecordComponent[] components = type.getRecordComponents();
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      names.add(field.getKey());
    }
    for (String name : names) {
      JsonNode value = node.get(name);
      String path = prefix + name;
      RecordComponent component = find(components, name);
      if (component == null) {
        errors.add(new FieldError(path, "unknown field"));
        node.remove(name);
      } else if (!value.isNull() && !checkValue(value, component.getGenericType(), path, errors)) {
        node.remove(name);
      }
    }
  }

  /** Returns false when the value must be removed (its problem has been recorded). */
  private static boolean checkValue(
      JsonNode value, Type type, String path, List<FieldError> errors) {
    if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
      if (!value.isArray()) {
        errors.add(new FieldError(path, "must be an array"));
        return false;
      }
      Type element = list.getActualTypeArguments()[0];
      boolean ok = true;
      for (int i = 0; i < value.size(); i++) {
        ok &= checkValue(value.get(i), element, path + "[" + i + "]", errors);
      }
      return ok;
    }
    Class<?> raw = (Class<?>) type;
    if (raw.isRecord()) {
      if (!value.isObject()) {
        errors.add(new FieldError(path, "must be an object"));
        return false;
      }
      checkObject((ObjectNode) value, raw, path + ".", errors);
      return true;
    }
    String expected = null;
    if (raw == String.class && !value.isString()) {
      expected = "must be a string";
    } else if (raw == Integer.class && !(value.isIntegralNumber() && value.canConvertToInt())) {
      expected = "must be an integer";
    } else if (raw == Long.class && !(value.isIntegralNumber() && value.canConvertToLong())) {
      expected = "must be an integer";
    } else if (raw == Double.class && !value.isNumber()) {
      expected = "must be a number";
    } else if (raw == Boolean.class && !value.isBoolean()) {
      expected = "must be true or false";
    }
    if (expected != null) {
      errors.add(new FieldError(path, expected));
      return false;
    }
    return true;
  }

  private static RecordComponent find(RecordComponent[] components, String name) {
    for (RecordComponent component : components) {
      if (component.getName().equals(name)) {
        return component;
      }
    }
    return null;
  }
}
