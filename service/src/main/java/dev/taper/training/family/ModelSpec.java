package dev.taper.training.family;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.annotation.JsonTypeIdResolver;

/**
 * The {@code model} of an experiment spec as its family reads it: a record of that family's fields,
 * each of which may be left out ({@link ModelFamily#withDefaults} fills them in). In JSON the
 * family's name is the {@code family} field, written first.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, property = "family")
@JsonTypeIdResolver(FamilyTypeIds.ModelSpecs.class)
public interface ModelSpec {

  /** The family whose fields these are. */
  String family();
}
