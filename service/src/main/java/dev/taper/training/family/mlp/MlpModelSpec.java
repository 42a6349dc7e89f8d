package dev.taper.training.family.mlp;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.taper.training.family.ModelSpec;

/**
 * An MLP in a spec: {@code depth} hidden layers of {@code width} units.
 *
 * @param depth hidden layers (Linear then ReLU); the first is the stem
 * @param width units of every hidden layer (multiplied by the widen factor)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MlpModelSpec(Integer depth, Integer width) implements ModelSpec {

  @Override
  public String family() {
    return MlpFamily.NAME;
  }
}
