package dev.taper.training.family.tanh;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.taper.training.family.ModelSpec;

/** A tanh network in a spec: {@code layers} hidden layers of {@code units}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TanhModelSpec(Integer layers, Integer units) implements ModelSpec {

  @Override
  public String family() {
    return TanhFamily.NAME;
  }
}
