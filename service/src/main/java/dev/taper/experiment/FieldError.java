package dev.taper.experiment;

/**
 * One problem with a submitted spec.
 *
 * @param field the path of the offending field, e.g. {@code model.depth} or {@code baselines[1]}
 */
public record FieldError(String field, String message) {}
