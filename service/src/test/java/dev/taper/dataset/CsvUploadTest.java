package dev.taper.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * CSV uploads a spreadsheet or an old Mac writes are registered: quoted fields, a header with a
 * comma inside quotes, lone carriage returns; and parameters in the query string are not taken for
 * form fields.
 */
class CsvUploadTest extends DatasetServiceTest {

  @LocalServerPort int port;
  ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
  }

  @Test
  void quotedFieldsAndLoneCarriageReturnsAreRead() {
    String train = "\"label\",\"x, first\",\"y\"\r\"0\",\"0.5\",1\r1,-2e-1,\"3\"\r1,4,5\r0,6,7\r";
    HttpResponse<String> created = upload("quoted", train, "");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode dataset = api.json(created);
    assertThat(dataset.get("classes").asInt()).isEqualTo(2);
    // four rows, the last 10% (one) held out as the test split
    assertThat(dataset.get("trainExamples").asInt()).isEqualTo(3);
  }

  @Test
  void aQueryParameterTheUploadDoesNotReadIsRefusedNamingItRatherThanTakenForAFormField() {
    HttpResponse<String> refused = upload("queried", "0,1\n1,2\n0,3\n1,4\n", "?trace=1");

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    JsonNode problem = api.json(refused);
    assertThat(problem.get("errors").get(0).get("parameter").asString()).isEqualTo("trace");
    assertThat(api.get("/api/v1/datasets/queried").statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> upload(String name, String train, String query) {
    MultipartBody body =
        new MultipartBody()
            .field("name", name)
            .field("format", "csv")
            .file("train", "train.csv", train.getBytes(StandardCharsets.UTF_8));
    return api.post("/api/v1/datasets" + query, body.contentType(), body.bytes());
  }
}
