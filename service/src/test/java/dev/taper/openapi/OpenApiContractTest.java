package dev.taper.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.config.PostgresTest;
import dev.taper.config.WebApiContext;
import dev.taper.metrics.MetricName;
import dev.taper.training.WireName;
import dev.taper.training.family.ModelFamilies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a generated client relies on, read from the served {@code /v3/api-docs}. */
@WebApiContext
class OpenApiContractTest extends PostgresTest {

  @LocalServerPort int port;
  JsonNode contract;

  @BeforeEach
  void contract() throws Exception {
    HttpResponse<String> docs =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    contract = JsonMapper.builder().build().readTree(docs.body());
  }

  @Test
  void theFrontMatterDeclaresLicenceAndNoSecurity() {
    assertThat(contract.get("info").get("license").get("name").asString()).isNotBlank();
    assertThat(contract.get("security").isArray()).isTrue();
    assertThat(contract.get("security")).isEmpty();
    assertThat(contract.get("info").get("description").asString()).contains("security: []");
  }

  @Test
  void numbersThatMayNotApplyAreNullableAsTheAnswersServeThem() {
    JsonNode schemas = contract.get("components").get("schemas");
    JsonNode metrics = schemas.get("ModelMetrics").get("properties");
    assertThat(metrics.get("mergeMaxAbsError").get("type").toString()).contains("\"null\"");
    assertThat(metrics.get("headTemperature").get("type").toString()).contains("\"null\"");
    assertThat(metrics.get("inactiveUnitsPerLayer").get("items").get("type").toString())
        .contains("\"null\"");
    assertThat(metrics.get("parameterCount").get("type").toString())
        .as("a count is always there")
        .doesNotContain("null");
    assertThat(metrics.get("input").get("$ref").asString())
        .as("what the model reads, recorded by the worker beside the stage's metrics")
        .isEqualTo("#/components/schemas/InputDescription");
    assertThat(schemas.get("InputDescription").get("properties").properties())
        .extracting(Map.Entry::getKey)
        .contains("dtype", "exampleShape", "divisor", "mean", "std", "standardisation");
    JsonNode progress = schemas.get("JobProgress").get("properties");
    assertThat(progress.get("loss").get("type").toString()).contains("\"null\"");
  }

  @Test
  void aDatasetsExampleShapeIsAnArrayOfDimensionsAsInTheDownloadsInput() {
    JsonNode shape =
        contract
            .get("components")
            .get("schemas")
            .get("RegisteredDataset")
            .get("properties")
            .get("exampleShape");
    assertThat(shape.get("type").asString()).isEqualTo("array");
    assertThat(shape.get("items").get("type").asString()).isEqualTo("integer");
    assertThat(shape.get("items").get("minimum").asInt()).isEqualTo(1);
  }

  @Test
  void everyOperationIsDescribedAndEveryErrorIsAProblem() {
    List<String> operations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : contract.get("paths").properties()) {
      assertThat(path.getKey()).startsWith("/api/v1/");
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        String name = operation.getKey() + " " + path.getKey();
        operations.add(name);
        JsonNode op = operation.getValue();
        assertThat(op.get("summary")).as("summary of %s", name).isNotNull();
        assertThat(op.get("operationId")).as("operationId of %s", name).isNotNull();
        assertThat(op.get("tags")).as("tags of %s", name).isNotEmpty();
        boolean clientError = false;
        for (Map.Entry<String, JsonNode> response : op.get("responses").properties()) {
          if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
            clientError |= response.getKey().startsWith("4");
            JsonNode resolved = resolve(response.getValue());
            assertThat(
                    resolved
                        .get("content")
                        .get("application/problem+json")
                        .get("schema")
                        .get("$ref")
                        .asString())
                .as("%s %s", name, response.getKey())
                .isEqualTo("#/components/schemas/Problem");
          }
        }
        assertThat(clientError).as("a 4xx of %s", name).isTrue();
      }
    }
    assertThat(operations)
        .contains(
            "get /api/v1/jobs/{id}/metrics",
            "patch /api/v1/experiments/{id}",
            "get /api/v1/models",
            "post /api/v1/experiments",
            "delete /api/v1/datasets/{name}",
            "delete /api/v1/experiments/{id}");
    JsonNode problem = contract.get("components").get("schemas").get("Problem");
    assertThat(problem.get("required").valueStream().map(JsonNode::asString)).contains("errors");
  }

  @Test
  void theModelIsOneOfTheRegisteredFamiliesToldApartByFamily() {
    JsonNode schemas = contract.get("components").get("schemas");
    for (String polymorphic : List.of("ModelSpec", "Architecture")) {
      JsonNode schema = schemas.get(polymorphic);
      assertThat(schema.get("discriminator").get("propertyName").asString()).isEqualTo("family");
      assertThat(schema.get("discriminator").get("mapping").propertyNames())
          .containsExactlyInAnyOrderElementsOf(ModelFamilies.names());
      assertThat(schema.get("oneOf")).hasSize(ModelFamilies.names().size());
      for (Map.Entry<String, JsonNode> family :
          schema.get("discriminator").get("mapping").properties()) {
        JsonNode variant = resolve(family.getValue().asString());
        assertThat(variant.get("properties").get("family").get("enum").get(0).asString())
            .isEqualTo(family.getKey());
        assertThat(variant.get("required").valueStream().map(JsonNode::asString))
            .contains("family");
      }
    }
    assertThat(schemas.get("ExperimentSpec").get("properties").get("model").get("$ref").asString())
        .isEqualTo("#/components/schemas/ModelSpec");
  }

  @Test
  void closedVocabulariesAreEnumsSpeltAsOnTheWire() {
    JsonNode schemas = contract.get("components").get("schemas");
    JsonNode imitate = schemas.get("ImitateSpec").get("properties");
    assertThat(imitate.get("loss").get("enum").valueStream().map(JsonNode::asString))
        .contains("normalized_mse");
    assertThat(
            schemas
                .get("MetricSeries")
                .get("properties")
                .get("name")
                .get("enum")
                .valueStream()
                .map(JsonNode::asString))
        .containsExactlyInAnyOrderElementsOf(WireName.allOf(MetricName.class));
    assertThat(schemas.get("ExperimentView").get("properties").get("status").get("enum"))
        .isNotEmpty();
  }

  /**
   * The problems an operation answers of its own are documented as its code words them: each
   * example of these responses is the operation's, never another's (every 409 was once the
   * cancelled experiment's).
   */
  @Test
  void eachOperationDocumentsItsOwnProblems() {
    Map<String, List<String>> expected = new LinkedHashMap<>();
    expected.put(
        "post /api/v1/experiments 409", List.of("idempotency-conflict Idempotency-Key reused"));
    expected.put(
        "post /api/v1/experiments 400",
        List.of(
            "invalid-spec Invalid experiment spec",
            "invalid-header Invalid header",
            "unreadable-body Unreadable request body"));
    expected.put(
        "post /api/v1/experiments/{id}/cancel 409",
        List.of("experiment-finished Experiment already finished"));
    expected.put(
        "post /api/v1/experiments/{id}/cancel 404", List.of("not-found Experiment not found"));
    expected.put("delete /api/v1/experiments/{id} 404", List.of("not-found Experiment not found"));
    expected.put(
        "delete /api/v1/experiments/{id} 409",
        List.of(
            "experiment-active Experiment still active", "experiment-in-use Experiment in use"));
    expected.put("post /api/v1/datasets 409", List.of("dataset-exists Dataset exists"));
    expected.put("post /api/v1/datasets 413", List.of("upload-too-large Dataset upload too large"));
    expected.put("post /api/v1/datasets 415", List.of("invalid-dataset Not a multipart upload"));
    expected.put("get /api/v1/datasets/{name} 404", List.of("not-found Dataset not found"));
    expected.put("delete /api/v1/datasets/{name} 404", List.of("not-found Dataset not found"));
    expected.put(
        "delete /api/v1/datasets/{name} 409",
        List.of("dataset-builtin Dataset is built in", "dataset-in-use Dataset in use"));
    expected.put(
        "post /api/v1/models/{id}/exports 409",
        List.of("not-exportable An export cannot be exported"));
    expected.put("post /api/v1/models/{id}/exports 404", List.of("not-found Model not found"));
    expected.put(
        "get /api/v1/models/{id}/download 409", List.of("export-in-progress Export not ready yet"));
    expected.put(
        "get /api/v1/models/{id}/download 404",
        List.of("not-found Model not found", "export-not-found No such export"));
    expected.put(
        "post /api/v1/jobs/{id}/cancel 409",
        List.of(
            "job-finished Job already finished",
            "job-not-cancellable Job is part of an experiment's plan"));
    expected.put("post /api/v1/jobs/{id}/cancel 404", List.of("not-found Job not found"));
    expected.put("get /api/v1/jobs/{id} 404", List.of("not-found Job not found"));
    expected.put("get /api/v1/jobs/{id}/metrics 404", List.of("not-found Job not found"));
    expected.put("get /api/v1/models/{id}/lineage 404", List.of("not-found Model not found"));
    expected.put("get /api/v1/models/{id}/exports 404", List.of("not-found Model not found"));
    expected.forEach(
        (response, kinds) -> {
          String[] at = response.split(" ");
          List<JsonNode> examples = examples(at[0], at[1], at[2]);
          assertThat(examples.stream().map(OpenApiContractTest::kind))
              .as("the examples of %s", response)
              .containsExactlyInAnyOrderElementsOf(kinds);
          for (JsonNode example : examples) {
            assertThat(example.get("status").asInt())
                .as("%s", response)
                .isEqualTo(Integer.parseInt(at[2]));
          }
        });
    for (Map.Entry<String, JsonNode> path : contract.get("paths").properties()) {
      String requested = path.getKey().replaceAll("\\{[^}]+}", "[^/]+");
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        for (Map.Entry<String, JsonNode> response :
            operation.getValue().get("responses").properties()) {
          if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
            for (JsonNode example :
                examples(operation.getKey(), path.getKey(), response.getKey())) {
              assertThat(example.get("instance").asString())
                  .as("an example of %s %s", operation.getKey(), path.getKey())
                  .matches(requested);
            }
          }
        }
      }
    }
    for (String path : List.of("~1api~1v1~1datasets~1{name}", "~1api~1v1~1experiments~1{id}")) {
      JsonNode deleted = contract.at("/paths/" + path + "/delete/responses/204");
      assertThat(deleted.isMissingNode()).as("a deletion's 204").isFalse();
      assertThat(deleted.has("content")).as("a deletion answers without a body").isFalse();
    }
    assertThat(contract.at("/paths/~1api~1v1~1models~1{id}~1download/get/responses").has("406"))
        .as("a download is streamed whatever Accept says")
        .isFalse();
    assertThat(examples("post", "/api/v1/jobs/{id}/cancel", "404").get(0).get("detail").asString())
        .isEqualTo("parameter id: no job with id 99999");
    assertThat(examples("get", "/api/v1/jobs/{id}", "500").get(0).get("detail").asString())
        .startsWith("path /api/v1/jobs/99999: failed unexpectedly");
  }

  /**
   * What the service answers is what the contract says it answers: every operation is asked for an
   * id that names nothing, for an id of the wrong kind, with parameters of the wrong kind, with a
   * body it cannot read, a Content-Type it does not take and an Accept it cannot answer, and each
   * refusal is one of the operation's documented responses with an example of its type and title.
   */
  @Test
  void everyProblemAnOperationAnswersIsOneItDocuments() throws Exception {
    SoftAssertions softly = new SoftAssertions();
    int checked = 0;
    for (Map.Entry<String, JsonNode> path : contract.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        String method = operation.getKey().toUpperCase(Locale.ROOT);
        JsonNode op = operation.getValue();
        String template = path.getKey();
        Map<String, String> ids = new LinkedHashMap<>();
        Map<String, String> wrongIds = new LinkedHashMap<>();
        Map<String, String> query = new LinkedHashMap<>();
        List<Map<String, String>> wrongQueries = new ArrayList<>();
        for (JsonNode parameter : op.path("parameters")) {
          String name = parameter.get("name").asString();
          JsonNode schema = parameter.path("schema");
          boolean typed =
              schema.has("enum")
                  || schema.has("format")
                  || !"string".equals(schema.path("type").asString("string"));
          if ("path".equals(parameter.path("in").asString())) {
            ids.put(name, nothing(schema, name));
            if (typed) {
              wrongIds.put(name, "latest");
            }
          } else if ("query".equals(parameter.path("in").asString())) {
            if (parameter.path("required").asBoolean(false)) {
              query.put(name, schema.has("enum") ? schema.get("enum").get(0).asString() : "x");
            }
            if (typed) {
              wrongQueries.add(Map.of(name, "latest"));
            }
          }
        }
        String bodyType = null;
        if (op.has("requestBody")) {
          bodyType = op.get("requestBody").get("content").propertyNames().iterator().next();
        }
        boolean json = bodyType != null && bodyType.contains("json");
        String name = method + " " + template;
        String url = fill(template, ids);
        String body = json ? "{}" : null;
        String type = json ? bodyType : null;
        if (!ids.isEmpty() || !query.isEmpty() || json) {
          checked += answer(softly, name, op, send(method, url, query, type, body, null));
        }
        if (!wrongIds.isEmpty()) {
          Map<String, String> wrong = new LinkedHashMap<>(ids);
          wrong.putAll(wrongIds);
          checked +=
              answer(
                  softly, name, op, send(method, fill(template, wrong), query, type, body, null));
        }
        for (Map<String, String> wrongQuery : wrongQueries) {
          Map<String, String> q = new LinkedHashMap<>(query);
          q.putAll(wrongQuery);
          checked += answer(softly, name, op, send(method, url, q, type, body, null));
        }
        if (bodyType != null) {
          checked += answer(softly, name, op, send(method, url, query, "text/plain", "x", null));
        }
        if (json) {
          checked +=
              answer(softly, name, op, send(method, url, query, bodyType, "{\"tags\": ]", null));
        }
        checked += answer(softly, name, op, send(method, url, query, type, body, "image/png"));
      }
    }
    softly.assertAll();
    assertThat(checked).as("refusals compared with the contract").isGreaterThan(30);
  }

  /** An id that names nothing. */
  private static String nothing(JsonNode schema, String name) {
    if ("uuid".equals(schema.path("format").asString())) {
      return UUID.randomUUID().toString();
    }
    if ("integer".equals(schema.path("type").asString())) {
      return "9000000000";
    }
    return "no-such-" + name;
  }

  private static String fill(String template, Map<String, String> values) {
    String path = template;
    for (Map.Entry<String, String> value : values.entrySet()) {
      path = path.replace("{" + value.getKey() + "}", value.getValue());
    }
    return path;
  }

  private HttpResponse<String> send(
      String method,
      String path,
      Map<String, String> query,
      String contentType,
      String body,
      String accept)
      throws Exception {
    StringBuilder uri = new StringBuilder("http://localhost:" + port + path);
    String separator = "?";
    for (Map.Entry<String, String> parameter : query.entrySet()) {
      uri.append(separator).append(parameter.getKey()).append('=').append(parameter.getValue());
      separator = "&";
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri.toString()));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (accept != null) {
      request.header("Accept", accept);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** 1 when the answer is a refusal, which must be a documented response with its example. */
  private int answer(
      SoftAssertions softly, String name, JsonNode operation, HttpResponse<String> answer) {
    int status = answer.statusCode();
    if (status < 400) {
      return 0;
    }
    String request = name + " (" + answer.uri() + ")";
    JsonNode problem = JsonMapper.builder().build().readTree(answer.body());
    JsonNode response = operation.get("responses").get(String.valueOf(status));
    softly
        .assertThat(response)
        .as("%s answered %s, undocumented: %s", request, status, answer.body())
        .isNotNull();
    if (response == null) {
      return 1;
    }
    List<String> documented =
        resolve(response)
            .get("content")
            .get("application/problem+json")
            .path("examples")
            .valueStream()
            .map(example -> kind(example.get("value")))
            .toList();
    softly
        .assertThat(documented)
        .as("%s answered %s: %s", request, status, answer.body())
        .contains(kind(problem));
    return 1;
  }

  private List<JsonNode> examples(String method, String path, String status) {
    JsonNode response = contract.get("paths").get(path).get(method).get("responses").get(status);
    assertThat(response).as("%s %s %s", method, path, status).isNotNull();
    return resolve(response)
        .get("content")
        .get("application/problem+json")
        .get("examples")
        .valueStream()
        .map(example -> example.get("value"))
        .toList();
  }

  /** A problem's kind and title: "not-found Job not found". */
  private static String kind(JsonNode problem) {
    String type = problem.get("type").asString();
    return type.substring(type.lastIndexOf('/') + 1) + " " + problem.get("title").asString();
  }

  private JsonNode resolve(JsonNode node) {
    return node.has("$ref") ? resolve(node.get("$ref").asString()) : node;
  }

  private JsonNode resolve(String ref) {
    JsonNode node = contract;
    for (String part : ref.substring(2).split("/")) {
      node = node.get(part);
    }
    return node;
  }
}
