package dev.taper.experiment;

import dev.taper.tags.Tags;
import dev.taper.training.family.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code PATCH /api/v1/experiments/{id}}: {@code {"tags": [...]}}, nothing else; {@code
 * {"tags": null}} and {@code {"tags": []}} remove every tag, and {@code {}} changes nothing (a
 * merge patch without members, RFC 7396).
 */
final class TagUpdate {

  private TagUpdate() {}

  /**
   * @return the new tags, or empty when the body changes nothing
   * @throws InvalidUpdateException naming every problem with the body
   */
  static Optional<List<String>> read(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    if (body == null || !body.isObject()) {
      errors.add(new FieldError("", "must be a JSON object with a tags array"));
      throw new InvalidUpdateException(errors);
    }
    for (String field : body.propertyNames()) {
      if (!field.equals(SubmittedBody.TAGS)) {
        errors.add(new FieldError(field, "is not a field of an experiment update (only tags is)"));
      }
    }
    if (errors.isEmpty() && !body.has(SubmittedBody.TAGS)) {
      return Optional.empty();
    }
    List<String> tags = List.of();
    if (body.has(SubmittedBody.TAGS) && !body.get(SubmittedBody.TAGS).isNull()) {
      // null removes them all, as a JSON merge patch (RFC 7396) says of a member set to null
      tags = Tags.read(body.get(SubmittedBody.TAGS), SubmittedBody.TAGS, errors);
    }
    if (!errors.isEmpty()) {
      throw new InvalidUpdateException(errors);
    }
    return Optional.of(tags);
  }
}
