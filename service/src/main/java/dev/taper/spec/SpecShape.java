package dev.taper.spec;

import dev.taper.training.WireName;
import dev.taper.training.family.FieldError;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.ModelFamily;
import dev.taper.training.family.ModelSpec;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a submitted JSON document against the shape of the spec records before binding: unknown
 * fields, values of the wrong type and names outside a closed vocabulary, all of them, with their
 * paths. A model is checked against its family's record; a field that belongs to another family is
 * named as such. Offending fields are removed so the rest of the spec can still be bound and
 * checked for impossible values.
 */
final class SpecShape {

  /** The benchmark runner's section of a spec file, which the API does not read. */
  private static final String STUDY_SECTION = "study";

  private SpecShape() {}

  /** Returns the problems found and removes the offending fields from {@code root}. */
  static List<FieldError> check(ObjectNode root, Class<? extends Record> type) {
    List<FieldError> errors = new ArrayList<>();
    checkObject(root, type, "", null, errors);
    return errors;
  }

  /**
   * @param family the model family whose record this is, or null outside a model
   */
  private static void checkObject(
      ObjectNode node,
      Class<?> type,
      String prefix,
      ModelFamily<?, ?> family,
      List<FieldError> errors) {
    RecordComponent[] components = type.getRecordComponents();
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      names.add(field.getKey());
    }
    for (String name : names) {
      JsonNode value = node.get(name);
      String path = prefix + name;
      Optional<RecordComponent> component = find(components, name);
      if (family != null && name.equals(SpecDefaults.FAMILY_FIELD)) {
        continue;
      }
      if (component.isEmpty()) {
        errors.add(new FieldError(path, unknown(path, name, family)));
        node.remove(name);
      } else if (!value.isNull()
          && !checkValue(value, component.get().getGenericType(), path, errors)) {
        node.remove(name);
      }
    }
  }

  private static String unknown(String path, String name, ModelFamily<?, ?> family) {
    if (path.equals(STUDY_SECTION)) {
      // the committed benchmark specs carry it, and users copy them
      return "unknown field: a study's settings are read by benchmarks/run-study.sh, not by the"
          + " API; leave it out";
    }
    if (family != null
        && ModelFamilies.names().stream()
            .map(ModelFamilies::get)
            .anyMatch(other -> find(other.specType().getRecordComponents(), name).isPresent())) {
      return "does not apply to family " + family.name();
    }
    return "unknown field";
  }

  /** Returns false when the value must be removed (its problem has been recorded). */
  private static boolean checkValue(
      JsonNode value, Type type, String path, List<FieldError> errors) {
    if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
      if (!value.isArray()) {
        errors.add(new FieldError(path, "must be an array"));
        return false;
      }
      // a bad element becomes null rather than going: the others keep their positions, so later
      // checks (e.g. a duplicate) name the same indices the user wrote
      Type element = list.getActualTypeArguments()[0];
      ArrayNode elements = (ArrayNode) value;
      for (int i = 0; i < elements.size(); i++) {
        if (!checkValue(elements.get(i), element, path + "[" + i + "]", errors)) {
          elements.set(i, NullNode.getInstance());
        }
      }
      return true;
    }
    Class<?> raw = (Class<?>) type;
    if (raw == ModelSpec.class) {
      return checkModel(value, path, errors);
    }
    if (raw.isRecord()) {
      if (!value.isObject()) {
        errors.add(new FieldError(path, "must be an object"));
        return false;
      }
      checkObject((ObjectNode) value, raw, path + ".", null, errors);
      return true;
    }
    String expected = expectation(value, raw);
    if (expected != null) {
      errors.add(new FieldError(path, expected));
      return false;
    }
    return true;
  }

  /** A model is checked against the record of the family it names (or the default family). */
  private static boolean checkModel(JsonNode value, String path, List<FieldError> errors) {
    if (!value.isObject()) {
      errors.add(new FieldError(path, "must be an object"));
      return false;
    }
    JsonNode name = value.get(SpecDefaults.FAMILY_FIELD);
    String familyName = name == null || name.isNull() ? SpecDefaults.FAMILY : name.asString("");
    Optional<ModelFamily<?, ?>> family =
        name != null && !name.isNull() && !name.isString()
            ? Optional.empty()
            : ModelFamilies.find(familyName);
    if (family.isEmpty()) {
      errors.add(
          new FieldError(
              path + "." + SpecDefaults.FAMILY_FIELD, "must be one of " + ModelFamilies.names()));
      return false;
    }
    ObjectNode model = (ObjectNode) value;
    model.put(SpecDefaults.FAMILY_FIELD, familyName);
    checkObject(model, family.get().specType(), path + ".", family.get(), errors);
    return true;
  }

  /** What a scalar value must be, or null when it is fine. */
  private static String expectation(JsonNode value, Class<?> raw) {
    if (raw.isEnum() && WireName.class.isAssignableFrom(raw)) {
      @SuppressWarnings("unchecked")
      Class<? extends Enum<?>> vocabulary = (Class<? extends Enum<?>>) raw;
      List<String> allowed = WireName.allOf(vocabulary);
      return value.isString() && allowed.contains(value.asString())
          ? null
          : "must be one of " + allowed;
    }
    if (raw == String.class && !value.isString()) {
      return "must be a string";
    } else if (raw == String.class && value.asString().indexOf('\u0000') >= 0) {
      // PostgreSQL's text cannot hold it, so it would otherwise fail only when stored
      return "must not contain the NUL character (\\u0000)";
    } else if (raw == Integer.class && !(value.isIntegralNumber() && value.canConvertToInt())) {
      return value.isIntegralNumber()
          ? "must be an integer of " + beyond(value, Integer.MIN_VALUE, Integer.MAX_VALUE)
          : notAnInteger(value);
    } else if (raw == Long.class && !(value.isIntegralNumber() && value.canConvertToLong())) {
      return value.isIntegralNumber()
          ? "must be an integer of " + beyond(value, Long.MIN_VALUE, Long.MAX_VALUE)
          : notAnInteger(value);
    } else if (raw == Double.class && !(value.isNumber() && Double.isFinite(value.asDouble()))) {
      return value.isNumber() ? "must be a finite number" : "must be a number";
    } else if (raw == Boolean.class && !value.isBoolean()) {
      return "must be true or false";
    }
    return null;
  }

  /**
   * Says how to write a whole number that came with a fraction part ({@code 4.0}, as a float from
   * Python's json does): the value was right, its spelling was not.
   */
  private static String notAnInteger(JsonNode value) {
    if (value.isFloatingPointNumber()
        && Double.isFinite(value.asDouble())
        && value.decimalValue().stripTrailingZeros().scale() <= 0) {
      return "must be an integer: write "
          + value.decimalValue().toBigInteger()
          + ", without a decimal point";
    }
    return "must be an integer";
  }

  /** The bound an integer too large for its type is beyond (the field's own range may be less). */
  private static String beyond(JsonNode value, long min, long max) {
    return value.bigIntegerValue().signum() < 0 ? "at least " + min : "at most " + max;
  }

  private static Optional<RecordComponent> find(RecordComponent[] components, String name) {
    return Arrays.stream(components).filter(c -> c.getName().equals(name)).findFirst();
  }
}
