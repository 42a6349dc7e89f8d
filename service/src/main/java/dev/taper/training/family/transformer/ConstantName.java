package dev.taper.training.family.transformer;

import tools.jackson.databind.util.StdConverter;

/** Writes an enum by its constant name rather than its wire name. */
final class ConstantName extends StdConverter<Enum<?>, String> {

  @Override
  public String convert(Enum<?> value) {
    return value.name();
  }
}
