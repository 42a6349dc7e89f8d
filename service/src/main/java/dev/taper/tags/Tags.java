package dev.taper.tags;

import dev.taper.training.family.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Tags label experiments so that people find them (and their models) again; they are kept beside
 * the spec, never in it. What a tag may be: 1 to 64 letters, digits and {@code . _ - : / = +},
 * starting with a letter or a digit; an experiment has at most {@value #MAX_TAGS}. Tags are kept as
 * written (case matters), sorted, each once.
 */
public final class Tags {

  public static final int MAX_TAGS = 32;
  public static final int MAX_LENGTH = 64;
  public static final String RULE =
      "must be 1 to "
          + MAX_LENGTH
          + " letters, digits and . _ - : / = +, starting with a letter or digit";

  private static final Pattern TAG =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/=+-]{0," + (MAX_LENGTH - 1) + "}");

  private Tags() {}

  /** The problem with a tag, or empty when it is a good one. */
  public static Optional<String> problem(String tag) {
    return TAG.matcher(tag).matches()
        ? Optional.empty()
        : Optional.of(RULE + ", was '" + tag + "'");
  }

  /**
   * Reads a JSON array of tags, adding a problem per offending element to {@code errors}.
   *
   * @param field where the array is, e.g. {@code tags}
   * @return the good tags, sorted, each once
   */
  public static List<String> read(JsonNode array, String field, List<FieldError> errors) {
    if (array == null || array.isNull()) {
      return List.of();
    }
    if (!array.isArray()) {
      errors.add(new FieldError(field, "must be an array of strings"));
      return List.of();
    }
    if (array.size() > MAX_TAGS) {
      errors.add(new FieldError(field, "has " + array.size() + " tags; at most " + MAX_TAGS));
      return List.of();
    }
    TreeSet<String> tags = new TreeSet<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode tag = array.get(i);
      String at = field + "[" + i + "]";
      if (!tag.isString()) {
        errors.add(new FieldError(at, "must be a string"));
        continue;
      }
      Optional<String> problem = problem(tag.asString());
      if (problem.isPresent()) {
        errors.add(new FieldError(at, problem.get()));
      } else {
        tags.add(tag.asString());
      }
    }
    return new ArrayList<>(tags);
  }
}
