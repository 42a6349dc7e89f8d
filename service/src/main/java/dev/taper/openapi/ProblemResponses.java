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
 * controller declares itself (409), given the problem body. Each response's examples are the
 * problems that operation answers ({@link ProblemExamples}), so the responses are written out per
 * operation rather than shared: a shared one showed one operation's problem for every other.
 */
@Component
@ApiRole
@Order(ProblemResponses.ORDER)
class ProblemResponses implements OpenApiCustomizer {

  static final int ORDER = 100;
  static final String PROBLEM_JSON = "application/problem+json";

  /** The common errors, by status: when each applies and what it says. */
  private enum Common {
    BAD_REQUEST("400", "A parameter, header or the body is invalid"),
    NOT_FOUND("404", "Nothing has this id"),
    NOT_ACCEPTABLE("406", "Accept names no type this operation answers with"),
    CONTENT_TOO_LARGE("413", "The body is over the size limit"),
    UNSUPPORTED_MEDIA_TYPE("415", "Content-Type is not one this takes"),
    INTERNAL_ERROR("500", "An unexpected failure; the log holds it under the reference");

    final String status;
    final String description;

    Common(String status, String description) {
      this.status = status;
      this.description = description;
    }

    /** Whether the operation can meet it: a 400 or 406 only where it has one to show. */
    boolean appliesTo(String path, Operation operation) {
      return switch (this) {
        case BAD_REQUEST, NOT_ACCEPTABLE ->
            ProblemExamples.any(path, operation, Integer.parseInt(status));
        case NOT_FOUND -> hasParameterIn(operation, "path");
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
    if (openApi.getPaths() == null) {
      return;
    }
    for (Map.Entry<String, PathItem> path : openApi.getPaths().entrySet()) {
      for (Operation operation : path.getValue().readOperations()) {
        document(path.getKey(), operation);
      }
    }
  }

  private static void document(String path, Operation operation) {
    ApiResponses responses = operation.getResponses();
    for (Map.Entry<String, ApiResponse> response : responses.entrySet()) {
      ApiResponse declared = response.getValue();
      // springdoc gives a declared error the method's return type; every error is a problem
      if (isError(response.getKey()) && declared.get$ref() == null) {
        declared.setContent(problemContent(path, operation, response.getKey()));
      }
    }
    Map<String, ApiResponse> added = new LinkedHashMap<>();
    for (Common common : Common.values()) {
      if (common.appliesTo(path, operation) && !responses.containsKey(common.status)) {
        added.put(
            common.status,
            new ApiResponse()
                .description(common.description)
                .content(problemContent(path, operation, common.status)));
      }
    }
    added.forEach(responses::addApiResponse);
  }

  /** The problem schema, with the problems this operation answers with this status. */
  private static Content problemContent(String path, Operation operation, String status) {
    MediaType problem = new MediaType().schema(new Schema<>().$ref(ProblemSchemas.REF_PROBLEM));
    Map<String, Example> examples = ProblemExamples.of(path, operation, Integer.parseInt(status));
    if (!examples.isEmpty()) {
      problem.examples(examples);
    }
    return new Content().addMediaType(PROBLEM_JSON, problem);
  }

  private static boolean isError(String status) {
    return status.startsWith("4") || status.startsWith("5");
  }

  private static boolean hasParameterIn(Operation operation, String in) {
    List<Parameter> parameters = operation.getParameters();
    return parameters != null && parameters.stream().anyMatch(p -> in.equals(p.getIn()));
  }
}
