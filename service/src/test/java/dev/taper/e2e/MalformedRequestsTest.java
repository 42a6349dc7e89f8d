package dev.taper.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.dataset.DatasetServiceTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A barrage of malformed requests ({@link MalformedRequests}) against the running service: each is
 * a 4xx problem+json naming what is at fault without a stack trace, the service stays healthy, and
 * an experiment submitted before the barrage comes through it intact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestsTest extends DatasetServiceTest {

  private static final String SPEC =
      """
      {"name": "before-the-barrage", "dataset": "fashion-mnist-mini",
       "model": {"depth": 2, "width": 8}, "widenFactor": 2,
       "wide": {"epochs": 1}, "imitate": {"stepsPerLayer": 5}, "finetune": {"epochs": 1},
       "baselines": []}
      """;

  private final JsonMapper json = JsonMapper.builder().build();
  @LocalServerPort int port;
  Http http;
  JsonNode before;

  @BeforeAll
  void submitAnExperimentFirst() {
    http = new Http(port);
    HttpResponse<String> created = http.post("/api/v1/experiments", SPEC);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    before = http.json(created);
  }

  List<MalformedRequests.Case> corpus() {
    return MalformedRequests.corpus();
  }

  @Test
  void theCorpusIsLargeAndCoversEveryKindOfPlace() {
    assertThat(corpus()).hasSizeGreaterThanOrEqualTo(60);
    assertThat(corpus().stream().map(MalformedRequests.Case::property).distinct())
        .contains("field", "parameter", "header", "part", "path");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void isRefusedNamingWhatIsWrong(MalformedRequests.Case request) {
    RawHttp.Response answer = RawHttp.send(port, request.request(), request.cutShort());

    assertThat(answer.status()).as(answer.body()).isEqualTo(request.status());
    assertThat(answer.contentType()).startsWith("application/problem+json");
    JsonNode problem = json.readTree(answer.body());
    assertThat(named(problem, request.property())).as(answer.body()).contains(request.named());
    assertThat(problem.get("detail").asString()).isNotBlank();
    assertThat(answer.body()).doesNotContain("Exception", "at dev.taper", "at org.", "trace");
    assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
  }

  @Test
  void cancellingAFinishedExperimentIsAConflictThatSaysItsStatus() throws InterruptedException {
    HttpResponse<String> created =
        http.post("/api/v1/experiments", SPEC.replace("before-the-barrage", "cancelled-twice"));
    String id = http.json(created).get("id").asString();
    assertThat(http.post("/api/v1/experiments/" + id + "/cancel", "").statusCode()).isEqualTo(202);
    JsonNode cancelled = awaitFinished(id);
    assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");

    HttpResponse<String> again = http.post("/api/v1/experiments/" + id + "/cancel", "");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    assertThat(again.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = http.json(again);
    assertThat(problem.get("status").asInt()).isEqualTo(409);
    assertThat(problem.get("experimentStatus").asString()).isEqualTo("CANCELLED");
    assertThat(problem.get("errors").get(0).get("parameter").asString()).isEqualTo("id");
    assertThat(problem.get("detail").asString()).contains("is CANCELLED");
  }

  @AfterAll
  void theExperimentSubmittedBeforeIsIntact() throws InterruptedException {
    String id = before.get("id").asString();
    JsonNode after = awaitFinished(id);
    assertThat(after.get("spec")).isEqualTo(before.get("spec"));
    assertThat(after.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(after.get("models")).hasSize(3);
  }

  private JsonNode awaitFinished(String id) throws InterruptedException {
    return http.awaitSettled("/api/v1/experiments/" + id, Duration.ofMinutes(5));
  }

  /** The names the problem gives under {@code property}: at the top and in {@code errors}. */
  private static List<String> named(JsonNode problem, String property) {
    List<String> names = new ArrayList<>();
    if (problem.has(property)) {
      names.add(problem.get(property).asString());
    }
    if (problem.has("errors")) {
      problem
          .get("errors")
          .valueStream()
          .filter(e -> e.has(property))
          .forEach(e -> names.add(e.get(property).asString()));
    }
    return names;
  }
}
