package dev.taper.openapi;

import dev.taper.web.ApiRole;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Documents every error an operation can answer, each as {@code application/problem+json} of the
 * {@code Problem} schema: the ones every request may meet (400 for a bad parameter or body, 404 for
 * an id that names nothing, 406, 413, 415, 500), added by what the operation takes, and the ones a
 * controller declares itself (409), given the problem body.
 */
@Component
@ApiRole
@Order(ProblemResponses.ORDER)
class ProblemResponses implements OpenApiCustomizer {

  static final int ORDER = 100;
  static final String PROBLEM_JSON = "application/problem+json";

  /** The common errors, by status: the component's name, when it applies and what it says. */
  private enum Common {
    BAD_REQUEST("400", "BadRequest", "A parameter, header or the body is invalid"),
    NOT_FOUND("404", "NotFound", "Nothing has this id"),
    NOT_ACCEPTABLE("406", "NotAcceptable", "Accept names no type this operation answers with"),
    CONTENT_TOO_LARGE("413", "ContentTooLarge", "The body is over the size limit"),
    UNSUPPORTED_MEDIA_TYPE("415", "UnsupportedMediaType", "Content-Type is not one this takes"),
    INTERNAL_ERROR(
        "500", "InternalError", "An unexpected failure; the log holds it under the reference");

    final String status;
    final String component;
    final String description;

    Common(String status, String component, String description) {
      this.status = status;
      this.component = component;
      this.description = description;
    }

    boolean appliesTo(Operation operation) {
      return switch (this) {
        case BAD_REQUEST -> hasParameters(operation) || operation.getRequestBody() != null;
        case NOT_FOUND -> hasParameterIn(operation, "path");
        case NOT_ACCEPTABLE -> answersWithContent(operation);
        case CONTENT_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE -> operation.getRequestBody() != null;
        case INTERNAL_ERROR -> true;
      };
    }
  }

  @Override
  public void customise(OpenAPI openApi) {
    ProblemSchemas.all().forEach(openApi.getComponents()::addSchemas);
    if (openApi.getComponents().getSchemas() != null) {
      openApi.getComponents().getSchemas().remove("ProblemDetail");
    }
    for (Common common : Common.values()) {
      openApi
          .getComponents()
          .addResponses(
              common.component, problemResponse(common.description, example(common.status)));
    }
    if (openApi.getPaths() == null) {
      return;
    }
    for (PathItem path : openApi.getPaths().values()) {
      for (Operation operation : path.readOperations()) {
        document(operation);
      }
    }
  }

  private static void document(Operation operation) {
    ApiResponses responses = operation.getResponses();
    for (Map.Entry<String, ApiResponse> response : responses.entrySet()) {
      ApiResponse declared = response.getValue();
      // springdoc gives a declared error the method's return type; every error is a problem
      if (isError(response.getKey()) && declared.get$ref() == null) {
        declared.setContent(problemContent(example(response.getKey())));
      }
    }
    Map<String, ApiResponse> added = new LinkedHashMap<>();
    for (Common common : Common.values()) {
      if (common.appliesTo(operation) && !responses.containsKey(common.status)) {
        added.put(
            common.status, new ApiResponse().$ref("#/components/responses/" + common.component));
      }
    }
    added.forEach(responses::addApiResponse);
  }

  private static ApiResponse problemResponse(String description, Map<String, Object> example) {
    return new ApiResponse().description(description).content(problemContent(example));
  }

  private static Content problemContent(Map<String, Object> example) {
    return new Content()
        .addMediaType(
            PROBLEM_JSON,
            new MediaType()
                .schema(new Schema<>().$ref(ProblemSchemas.REF_PROBLEM))
                .examples(Map.of("problem", new Example().value(example))));
  }

  /** A problem of this status, as Taper answers it. */
  private static Map<String, Object> example(String status) {
    return ProblemExamples.of(Integer.parseInt(status));
  }

  private static boolean isError(String status) {
    return status.startsWith("4") || status.startsWith("5");
  }

  private static boolean hasParameters(Operation operation) {
    return operation.getParameters() != null && !operation.getParameters().isEmpty();
  }

  private static boolean hasParameterIn(Operation operation, String in) {
    List<Parameter> parameters = operation.getParameters();
    return parameters != null && parameters.stream().anyMatch(p -> in.equals(p.getIn()));
  }

  private static boolean answersWithContent(Operation operation) {
    return operation.getResponses().entrySet().stream()
        .anyMatch(r -> r.getKey().startsWith("2") && r.getValue().getContent() != null);
  }
}
