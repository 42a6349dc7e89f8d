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
import java.util.List;
import java.util.Map;
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
    JsonNode progress = schemas.get("JobProgress").get("properties");
    assertThat(progress.get("loss").get("type").toString()).contains("\"null\"");
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
            "post /api/v1/experiments");
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
