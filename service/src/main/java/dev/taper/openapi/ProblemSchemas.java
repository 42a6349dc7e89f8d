package dev.taper.openapi;

import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.List;
import java.util.Map;

/** The {@code Problem} and {@code ProblemItem} schemas: the one shape of every error. */
final class ProblemSchemas {

  static final String PROBLEM = "Problem";
  static final String ITEM = "ProblemItem";
  static final String REF_PROBLEM = "#/components/schemas/" + PROBLEM;

  private ProblemSchemas() {}

  static Map<String, Schema<?>> all() {
    return Map.of(PROBLEM, problem(), ITEM, item());
  }

  private static Schema<?> problem() {
    Schema<?> problem =
        new ObjectSchema()
            .description(
                "An error (RFC 9457). Some problems carry more members, e.g. the experiment an"
                    + " Idempotency-Key already created (`experimentId`).")
            .addProperty(
                "type",
                new StringSchema()
                    .format("uri")
                    .description("The kind of problem")
                    .example("https://taper.dev/problems/invalid-parameter"))
            .addProperty(
                "title",
                new StringSchema().description("The kind in words").example("Invalid parameter"))
            .addProperty("status", new IntegerSchema().description("The HTTP status").example(400))
            .addProperty(
                "detail",
                new StringSchema()
                    .description("Every item of `errors` in one sentence")
                    .example("parameter size: must be between 1 and 200, was 0"))
            .addProperty(
                "instance",
                new StringSchema()
                    .format("uri-reference")
                    .description("The request's path")
                    .example("/api/v1/experiments"))
            .addProperty(
                "errors",
                new ArraySchema()
                    .items(new Schema<>().$ref("#/components/schemas/" + ITEM))
                    .description("One item per thing wrong with the request, at least one"));
    problem.setRequired(List.of("type", "title", "status", "detail", "errors"));
    problem.setAdditionalProperties(Boolean.TRUE);
    return problem;
  }

  private static Schema<?> item() {
    Schema<?> item =
        new ObjectSchema()
            .description(
                "One thing wrong and where: exactly one of `field`, `parameter`, `header`, `part`"
                    + " or `path`, and the `message`.")
            .addProperty(
                "field",
                new StringSchema()
                    .description("A field of the JSON body, as a path")
                    .example("model.stages[1].channels"))
            .addProperty(
                "parameter",
                new StringSchema().description("A query or path parameter").example("size"))
            .addProperty(
                "header", new StringSchema().description("A header").example("Idempotency-Key"))
            .addProperty(
                "part",
                new StringSchema().description("A multipart part, or `body`").example("body"))
            .addProperty(
                "path",
                new StringSchema().description("The request's path").example("/api/v1/nope"))
            .addProperty(
                "message",
                new StringSchema()
                    .description("What is wrong")
                    .example("must be between 1 and 200, was 0"));
    item.setRequired(List.of("message"));
    item.setMinProperties(2);
    item.setMaxProperties(2);
    return item;
  }
}
