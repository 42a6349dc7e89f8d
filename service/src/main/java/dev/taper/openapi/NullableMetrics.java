package dev.taper.openapi;

import dev.taper.training.ModelMetrics;
import dev.taper.training.PhaseLoss;
import dev.taper.web.ApiRole;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Every number of a model's metrics may be null in the contract, as it may be in an answer: a
 * metric that does not apply to a model (a WIDE model's merge error) is served as null.
 */
@Component
@ApiRole
@Order(FamilySchemas.ORDER + 10)
class NullableMetrics implements OpenApiCustomizer {

  private static final List<String> SCHEMAS =
      List.of(ModelMetrics.class.getSimpleName(), PhaseLoss.class.getSimpleName());

  @Override
  public void customise(OpenAPI openApi) {
    if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
      return;
    }
    Map<String, Schema> schemas = openApi.getComponents().getSchemas();
    for (String name : SCHEMAS) {
      Schema<?> schema = schemas.get(name);
      if (schema == null || schema.getProperties() == null) {
        continue;
      }
      schema.getProperties().values().forEach(NullableMetrics::allowNull);
    }
  }

  private static void allowNull(Schema<?> property) {
    Schema<?> numbers = "array".equals(type(property)) ? property.getItems() : property;
    if (numbers != null && "number".equals(type(numbers))) {
      numbers.setTypes(Set.of(type(numbers), "null"));
    }
  }

  private static String type(Schema<?> schema) {
    if (schema.getTypes() != null && !schema.getTypes().isEmpty()) {
      return schema.getTypes().iterator().next();
    }
    return schema.getType();
  }
}
