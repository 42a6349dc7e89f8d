package dev.taper.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.ExternalCommand;
import dev.taper.config.PostgresTest;
import dev.taper.config.WebApiContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contract as a new user meets it: the served {@code /v3/api-docs} linted by Redocly CLI with
 * its recommended rules, as a client generator's user would before trusting it.
 */
@WebApiContext
class OpenApiLintTest extends PostgresTest {

  @LocalServerPort int port;

  @Test
  void theServedContractHasNoErrorsUnderTheRecommendedRules(@TempDir Path work) throws Exception {
    HttpResponse<String> docs =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(docs.statusCode()).isEqualTo(200);
    Path document = work.resolve("api-docs.json");
    Files.writeString(document, docs.body());
    Path kept = Path.of("target/openapi/api-docs.json");
    Files.createDirectories(kept.getParent());
    Files.writeString(kept, docs.body());

    ExternalCommand.Result lint = RedoclyCli.lint(document, work);
    JsonNode report = JsonMapper.builder().build().readTree(lint.stdout());
    Files.writeString(Path.of("target/openapi/redocly-lint.json"), lint.stdout());
    assertThat(report.get("totals").get("errors").asInt())
        .as("Redocly errors (all findings in target/openapi/redocly-lint.json):%n%s", lint.stdout())
        .isZero();
  }
}
