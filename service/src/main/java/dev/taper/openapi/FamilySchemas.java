package dev.taper.openapi;

import dev.taper.training.family.Architecture;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.ModelFamily;
import dev.taper.training.family.ModelSpec;
import dev.taper.web.ApiRole;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The polymorphic {@code model} of a spec and {@code architecture} of a model, described from the
 * family registry rather than by hand: each is a {@code oneOf} of the registered families' records,
 * told apart by {@code family}. A family added to the registry appears here without a change.
 */
@Component
@ApiRole
@Order(FamilySchemas.ORDER)
class FamilySchemas implements OpenApiCustomizer {

  static final int ORDER = 200;
  static final String DISCRIMINATOR = "family";

  @Override
  public void customise(OpenAPI openApi) {
    ModelConverters converters =
        ModelConverters.getInstance(openApi.getSpecVersion() == SpecVersion.V31);
    polymorphic(
        openApi,
        converters,
        ModelSpec.class,
        ModelFamily::specType,
        "The thin network of the experiment; `family` says which fields apply (a spec may leave"
            + " `family` out for the default, `mlp`; the resolved spec always names it).");
    polymorphic(
        openApi,
        converters,
        Architecture.class,
        ModelFamily::architectureType,
        "A model's full architecture, as in its `architecture.json`: enough to rebuild the"
            + " network; `family` says which fields apply.");
  }

  private static void polymorphic(
      OpenAPI openApi,
      ModelConverters converters,
      Class<?> base,
      Function<ModelFamily<?, ?>, Class<?>> typeOf,
      String description) {
    List<Schema> variants = new ArrayList<>();
    Map<String, String> mapping = new LinkedHashMap<>();
    for (String name : ModelFamilies.names()) {
      Class<?> type = typeOf.apply(ModelFamilies.get(name));
      SchemaNames.addAll(
          openApi.getComponents(), converters.readAll(new AnnotatedType(type)), type);
      Schema<?> variant = openApi.getComponents().getSchemas().get(type.getSimpleName());
      variant.addProperty(
          DISCRIMINATOR,
          new StringSchema()._enum(List.of(name)).description("The family: `" + name + "`"));
      List<String> required = new ArrayList<>();
      required.add(DISCRIMINATOR);
      if (variant.getRequired() != null) {
        variant.getRequired().stream().filter(r -> !r.equals(DISCRIMINATOR)).forEach(required::add);
      }
      variant.setRequired(required);
      String ref = "#/components/schemas/" + type.getSimpleName();
      variants.add(new Schema<>().$ref(ref));
      mapping.put(name, ref);
    }
    Schema<?> oneOf =
        new Schema<>()
            .description(description)
            .discriminator(new Discriminator().propertyName(DISCRIMINATOR).mapping(mapping));
    oneOf.setOneOf(variants);
    openApi.getComponents().addSchemas(base.getSimpleName(), oneOf);
  }
}
