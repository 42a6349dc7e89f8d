package dev.taper.training.family;

/**
 * One problem with a submitted spec.
 *
 * @param field the JSON path of the offending field, e.g. {@code model.stages[1].channels} (empty
 *     for the document itself)
 */
public record FieldError(String field, String message) {}
