package dev.taper.experiment;

import dev.taper.tags.Tags;
import dev.taper.training.family.FieldError;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A submission's body: the spec, and beside it the optional top-level {@code tags}. Tags are taken
 * out before the spec is read, so they are never part of the spec or of its hash.
 *
 * @param errors what is wrong with the tags (the spec is checked later)
 */
record SubmittedBody(JsonNode spec, List<String> tags, List<FieldError> errors) {

  static final String TAGS = "tags";

  static SubmittedBody read(JsonNode body) {
    if (!(body instanceof ObjectNode object) || !object.has(TAGS)) {
      return new SubmittedBody(body, List.of(), List.of());
    }
    ObjectNode spec = object.deepCopy();
    JsonNode tags = spec.remove(TAGS);
    List<FieldError> errors = new ArrayList<>();
    List<String> read = Tags.read(tags, TAGS, errors);
    return new SubmittedBody(spec, read, List.copyOf(errors));
  }
}
