package dev.taper.spec;

import dev.taper.training.family.FieldChecks;
import dev.taper.training.family.FieldError;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a submitted JSON document into a resolved spec, collecting every problem it can find
 * without looking anything up: unknown fields, wrong types and names outside a vocabulary (from the
 * JSON itself), then impossible values (after the defaults are filled in).
 */
public final class SpecParser {

  private final JsonMapper json;

  public SpecParser(JsonMapper json) {
    this.json = json;
  }

  /**
   * The resolved spec and the problems found; where there are problems, the spec holds defaults in
   * place of the offending fields, so callers may still check what does not depend on them.
   */
  public record Parsed(ExperimentSpec spec, List<FieldError> errors) {

    public boolean valid() {
      return errors.isEmpty();
    }
  }

  public Parsed parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      return new Parsed(
          SpecDefaults.resolve(empty()),
          List.of(new FieldError("", "the spec must be a JSON object")));
    }
    ObjectNode copy = ((ObjectNode) body).deepCopy();
    FieldChecks checks =
        new FieldChecks(new ArrayList<>(SpecShape.check(copy, ExperimentSpec.class)));
    ExperimentSpec resolved = SpecDefaults.resolve(json.treeToValue(copy, ExperimentSpec.class));
    SpecValues.check(resolved, checks);
    return new Parsed(resolved, checks.errors());
  }

  private static ExperimentSpec empty() {
    return new ExperimentSpec(
        null, null, null, null, null, null, null, null, null, null, null, null, null);
  }
}
