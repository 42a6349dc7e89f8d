package dev.taper.experiment;

import dev.taper.spec.ExperimentSpec;
import dev.taper.tags.Tags;
import dev.taper.web.ApiRole;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The bodies the experiment endpoints read as JSON trees (so that every problem is reported at
 * once), described for the contract: a submission is the spec plus optional {@code tags}; an update
 * is {@code tags} alone.
 */
@Component
@ApiRole
@Order(SubmissionSchemas.ORDER)
class SubmissionSchemas implements OpenApiCustomizer {

  /** Before the family schemas replace the spec's {@code model} with the registry's oneOf. */
  static final int ORDER = 50;

  @Override
  public void customise(OpenAPI openApi) {
    ModelConverters converters =
        ModelConverters.getInstance(openApi.getSpecVersion() == SpecVersion.V31);
    converters
        .readAll(new AnnotatedType(ExperimentSpec.class))
        .forEach(openApi.getComponents()::addSchemas);
    Schema<?> submission =
        new Schema<>()
            .description(
                "An experiment spec (every field may be left out and gets its default) and,"
                    + " beside it, optional tags. Tags are not part of the spec: they do not"
                    + " count for the Idempotency-Key, and PATCH changes them.");
    submission.setAllOf(
        List.of(
            new Schema<>().$ref("#/components/schemas/ExperimentSpec"),
            new ObjectSchema().addProperty(SubmittedBody.TAGS, tags())));
    openApi.getComponents().addSchemas("ExperimentSubmission", submission);
    Schema<?> update =
        new ObjectSchema()
            .description(
                "The experiment's new tags, replacing the old ones; without them the update"
                    + " changes nothing")
            .addProperty(SubmittedBody.TAGS, tags());
    update.setAdditionalProperties(Boolean.FALSE);
    openApi.getComponents().addSchemas("ExperimentUpdate", update);
  }

  private static Schema<?> tags() {
    return new ArraySchema()
        .items(
            new StringSchema()
                .pattern("^[A-Za-z0-9][A-Za-z0-9._:/=+-]*$")
                .minLength(1)
                .maxLength(Tags.MAX_LENGTH)
                .example("fmnist"))
        .maxItems(Tags.MAX_TAGS)
        .uniqueItems(true)
        .description("Labels to find the experiment by: " + Tags.RULE);
  }
}
