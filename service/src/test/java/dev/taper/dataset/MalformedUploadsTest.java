package dev.taper.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Every malformed upload of {@link MalformedUploads} is refused with a 4xx problem+json that names
 * the field or part at fault and leaks no stack trace, registers nothing, and leaves the service
 * healthy.
 */
class MalformedUploadsTest extends DatasetServiceTest {

  @LocalServerPort int port;
  ApiClient api;
  List<String> before;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
    before = names();
  }

  static List<MalformedUploads.Case> corpus() {
    return MalformedUploads.corpus();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void isRefusedNamingWhatIsWrong(MalformedUploads.Case upload) {
    HttpResponse<String> answer = api.post("/api/v1/datasets", upload.contentType(), upload.body());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(upload.status());
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = api.json(answer);
    assertThat(named(problem, upload.property())).as(answer.body()).contains(upload.named());
    assertThat(problem.get("detail").asString()).isNotBlank();
    assertThat(answer.body()).doesNotContain("Exception", "at dev.taper", "at org.", "trace");
  }

  @AfterEach
  void stillHealthyAndNothingRegistered() {
    assertThat(api.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    assertThat(names()).isEqualTo(before);
  }

  /** The names the problem gives under {@code property}: at the top and in {@code errors}. */
  private static List<String> named(JsonNode problem, String property) {
    java.util.List<String> names = new java.util.ArrayList<>();
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

  private List<String> names() {
    return api.json(api.get("/api/v1/datasets"))
        .valueStream()
        .map(d -> d.get("name").asString())
        .toList();
  }
}
