package dev.taper.training.family;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems of a spec, each on its JSON path. A field already reported (e.g. for its
 * type, or a parent object as a whole) is not reported again, so a user sees one reason per field.
 * {@link #at} gives a view whose paths are relative to an object, as a model family checks its own
 * fields under {@code model.}.
 */
public final class FieldChecks {

  private final List<FieldError> errors;
  private final String prefix;

  public FieldChecks() {
    this(new ArrayList<>(), "");
  }

  public FieldChecks(List<FieldError> errors) {
    this(errors, "");
  }

  private FieldChecks(List<FieldError> errors, String prefix) {
    this.errors = errors;
    this.prefix = prefix;
  }

  /** The same errors, with paths below {@code object} (e.g. {@code model}). */
  public FieldChecks at(String object) {
    return new FieldChecks(errors, prefix + object + ".");
  }

  /** The same errors, with paths from the top of the document (e.g. {@code widenFactor}). */
  public FieldChecks root() {
    return new FieldChecks(errors, "");
  }

  public List<FieldError> errors() {
    return List.copyOf(errors);
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  /** Whether {@code field}, or anything inside it, has been reported. */
  public boolean has(String field) {
    String path = prefix + field;
    return errors.stream()
        .anyMatch(
            e ->
                e.field().equals(path)
                    || e.field().startsWith(path + ".")
                    || e.field().startsWith(path + "["));
  }

  /** Whether {@code field} itself (not something inside it) has been reported. */
  public boolean hasExactly(String field) {
    String path = prefix + field;
    return errors.stream().anyMatch(e -> e.field().equals(path));
  }

  public void add(String field, String message) {
    if (!has(field)) {
      errors.add(new FieldError(prefix + field, message));
    }
  }

  public void require(String field, boolean ok, String message) {
    if (!ok) {
      add(field, message);
    }
  }

  public void range(String field, long value, long min, long max) {
    require(field, value >= min && value <= max, "must be between " + min + " and " + max);
  }

  /** A range check of a value the defaults cannot fill in. */
  public void required(String field, Integer value, int min, int max) {
    if (value == null) {
      add(field, "is required");
    } else {
      range(field, value, min, max);
    }
  }

  public void between(String field, double value, double min, double max) {
    require(field, value >= min && value <= max, "must be in [" + min + ", " + max + "]");
  }

  public void positive(String field, double value) {
    require(field, value > 0, "must be > 0");
  }
}
