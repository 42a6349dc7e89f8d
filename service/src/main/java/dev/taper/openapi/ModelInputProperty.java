package dev.taper.openapi;

import dev.taper.model.MetricsJson;
import dev.taper.training.ModelMetrics;
import dev.taper.training.export.InputDescription;
import dev.taper.web.ApiRole;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A model's metrics carry {@code input}, what its network reads and how its training standardised
 * it ({@link InputDescription}), which the worker adds beside the stage's {@link ModelMetrics} when
 * it publishes the model (an export's card holds the same object): the contract says so.
 */
@Component
@ApiRole
@Order(FamilySchemas.ORDER + 20)
class ModelInputProperty implements OpenApiCustomizer {

  @Override
  public void customise(OpenAPI openApi) {
    if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
      return;
    }
    Schema<?> metrics =
        openApi.getComponents().getSchemas().get(ModelMetrics.class.getSimpleName());
    if (metrics == null) {
      return;
    }
    ModelConverters converters =
        ModelConverters.getInstance(openApi.getSpecVersion() == SpecVersion.V31);
    SchemaNames.addAll(
        openApi.getComponents(),
        converters.readAll(new AnnotatedType(InputDescription.class)),
        InputDescription.class);
    metrics.addProperty(
        MetricsJson.INPUT,
        new Schema<>()
            .$ref("#/components/schemas/" + InputDescription.class.getSimpleName())
            .description(
                "What the model reads and how its training standardised it, as the download's"
                    + " model-card.json says; absent from models published before workers"
                    + " recorded it"));
  }
}
