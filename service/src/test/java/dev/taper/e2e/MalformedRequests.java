package dev.taper.e2e;

import dev.taper.dataset.MalformedUploads;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests a new user, a broken client or a fuzzer sends, and what each must be told: every one a
 * 4xx whose problem+json names the field, parameter, header, part or path at fault. The dataset
 * uploads of {@link MalformedUploads} are part of it.
 */
final class MalformedRequests {

  static final String JSON = "Content-Type: application/json\r\n";
  static final String UNKNOWN_ID = "00000000-0000-0000-0000-000000000000";

  /**
   * @param property where the answer names the fault: {@code field}, {@code parameter}, {@code
   *     header}, {@code part} or {@code path}
   * @param named what it must name there
   * @param cutShort the client closes its side before sending everything it announced
   */
  record Case(
      String description,
      byte[] request,
      boolean cutShort,
      int status,
      String property,
      String named) {

    @Override
    public String toString() {
      return description;
    }
  }

  private MalformedRequests() {}

  static List<Case> corpus() {
    List<Case> cases = new ArrayList<>();
    cases.addAll(experimentBodies());
    cases.addAll(parametersAndIds());
    cases.addAll(protocol());
    for (MalformedUploads.Case upload : MalformedUploads.corpus()) {
      cases.add(
          new Case(
              "upload: " + upload.description(),
              RawHttp.request(
                  "POST",
                  "/api/v1/datasets",
                  "Content-Type: " + upload.contentType() + "\r\n",
                  upload.body()),
              false,
              upload.status(),
              upload.property(),
              upload.named()));
    }
    return cases;
  }

  private static List<Case> experimentBodies() {
    List<Case> cases = new ArrayList<>();
    cases.add(submit("JSON cut off in an object", "{\"name\": ", 400, "part", "body"));
    cases.add(submit("a JSON array", "[]", 400, "part", "body"));
    cases.add(submit("a field named twice", "{\"seed\": 1, \"seed\": -3}", 400, "field", "seed"));
    cases.add(submit("a JSON string", "\"fashion-mnist\"", 400, "part", "body"));
    cases.add(submit("JSON null", "null", 400, "part", "body"));
    cases.add(submit("an empty body", "", 400, "part", "body"));
    cases.add(submit("NaN in a number", "{\"seed\": NaN}", 400, "part", "body"));
    cases.add(submit("trailing garbage", "{} {", 400, "part", "body"));
    cases.add(submit("an unknown field", "{\"colour\": \"blue\"}", 400, "field", "colour"));
    cases.add(submit("a string seed", "{\"seed\": \"seven\"}", 400, "field", "seed"));
    cases.add(submit("a NUL in the name", "{\"name\": \"a\\u0000b\"}", 400, "field", "name"));
    cases.add(
        submit("a NUL in the dataset", "{\"dataset\": \"x\\u0000y\"}", 400, "field", "dataset"));
    cases.add(submit("a seed beyond a long", "{\"seed\": 1e400}", 400, "field", "seed"));
    cases.add(
        submit(
            "a fractional epoch count",
            "{\"wide\": {\"epochs\": 1.5}}",
            400,
            "field",
            "wide.epochs"));
    cases.add(
        submit("a negative widen factor", "{\"widenFactor\": -3}", 400, "field", "widenFactor"));
    cases.add(
        submit(
            "an unknown family",
            "{\"model\": {\"family\": \"cnn\"}}",
            400,
            "field",
            "model.family"));
    cases.add(submit("a model that is not an object", "{\"model\": 7}", 400, "field", "model"));
    cases.add(
        submit(
            "a field of another family",
            "{\"model\": {\"family\": \"mlp\", \"heads\": 2}}",
            400,
            "field",
            "model.heads"));
    cases.add(
        submit(
            "an unknown optimiser",
            "{\"wide\": {\"optimizer\": {\"name\": \"lion\"}}}",
            400,
            "field",
            "wide.optimizer.name"));
    cases.add(
        submit(
            "an upper-case schedule",
            "{\"imitate\": {\"schedule\": \"JOINT\"}}",
            400,
            "field",
            "imitate.schedule"));
    cases.add(
        submit(
            "a baseline listed twice",
            "{\"baselines\": [\"kd\", \"kd\"]}",
            400,
            "field",
            "baselines[1]"));
    cases.add(
        submit(
            "a baseline that is a number", "{\"baselines\": [1]}", 400, "field", "baselines[0]"));
    cases.add(
        submit("an unknown dataset", "{\"dataset\": \"no-such-data\"}", 400, "field", "dataset"));
    cases.add(
        submit(
            "a teacher that is not an id",
            "{\"teacher\": {\"modelId\": \"x\"}}",
            400,
            "field",
            "teacher.modelId"));
    cases.add(
        submit(
            "an unknown teacher",
            "{\"teacher\": {\"modelId\": \"" + UNKNOWN_ID + "\"}}",
            400,
            "field",
            "teacher.modelId"));
    cases.add(
        submit(
            "a validation fraction of one half",
            "{\"limits\": {\"validationFraction\": 0.5}}",
            400,
            "field",
            "limits.validationFraction"));
    String nested = "{\"a\":".repeat(2000) + "1" + "}".repeat(2000);
    cases.add(submit("JSON nested 2000 deep", nested, 400, "part", "body"));
    cases.add(
        new Case(
            "a 2 MB spec",
            RawHttp.request(
                "POST",
                "/api/v1/experiments",
                JSON,
                bytes("{\"name\": \"" + "x".repeat(2_000_000) + "\"}")),
            false,
            413,
            "part",
            "body"));
    cases.add(
        new Case(
            "a body cut short of its Content-Length",
            RawHttp.request(
                "POST",
                "/api/v1/experiments",
                JSON + "Content-Length: 500\r\n",
                bytes("{\"name\"")),
            true,
            400,
            "path",
            "/api/v1/experiments"));
    cases.add(
        new Case(
            "a plain-text body",
            RawHttp.request(
                "POST", "/api/v1/experiments", "Content-Type: text/plain\r\n", bytes("{}")),
            false,
            415,
            "header",
            "Content-Type"));
    cases.add(
        new Case(
            "a YAML body",
            RawHttp.request(
                "POST",
                "/api/v1/experiments",
                "Content-Type: application/yaml\r\n",
                bytes("name: y\nseed: 3\n")),
            false,
            415,
            "header",
            "Content-Type"));
    cases.add(
        new Case(
            "no Content-Type",
            RawHttp.request("POST", "/api/v1/experiments", "", bytes("{}")),
            false,
            415,
            "header",
            "Content-Type"));
    cases.add(
        new Case(
            "an Idempotency-Key of 3000 characters",
            RawHttp.request(
                "POST",
                "/api/v1/experiments",
                JSON + "Idempotency-Key: " + "k".repeat(3000) + "\r\n",
                bytes("{}")),
            false,
            400,
            "header",
            "Idempotency-Key"));
    return cases;
  }

  private static List<Case> parametersAndIds() {
    List<Case> cases = new ArrayList<>();
    cases.add(get("a negative page", "/api/v1/experiments?page=-1", 400, "parameter", "page"));
    cases.add(
        get("a role given twice", "/api/v1/models?role=THIN&role=WIDE", 400, "parameter", "role"));
    cases.add(
        get("a NUL in a filter", "/api/v1/models?dataset=a%00b", 400, "parameter", "dataset"));
    cases.add(
        get(
            "a status given twice",
            "/api/v1/experiments?status=CANCELLED&status=SUCCEEDED",
            400,
            "parameter",
            "status"));
    cases.add(
        get(
            "a parameter the endpoint does not read",
            "/api/v1/experiments?sort=name",
            400,
            "parameter",
            "sort"));
    cases.add(
        get(
            "a parameter where the endpoint takes none",
            "/api/v1/jobs/987654321?verbose=true",
            400,
            "parameter",
            "verbose"));
    cases.add(get("an empty tag filter", "/api/v1/experiments?tag=", 400, "parameter", "tag"));
    cases.add(
        get(
            "a status filter without a value",
            "/api/v1/experiments?status",
            400,
            "parameter",
            "status"));
    cases.add(
        get(
            "a precision without a format",
            "/api/v1/models/" + UNKNOWN_ID + "/download?precision=fp16",
            400,
            "parameter",
            "precision"));
    cases.add(get("a page size of 0", "/api/v1/experiments?size=0", 400, "parameter", "size"));
    cases.add(
        get("a page size of 10000", "/api/v1/experiments?size=10000", 400, "parameter", "size"));
    cases.add(
        get("a page that is a word", "/api/v1/experiments?page=two", 400, "parameter", "page"));
    cases.add(
        get(
            "a page beyond an int",
            "/api/v1/experiments?page=99999999999",
            400,
            "parameter",
            "page"));
    cases.add(
        get(
            "an unknown status filter",
            "/api/v1/experiments?status=DONE",
            400,
            "parameter",
            "status"));
    cases.add(
        get(
            "an experiment id that is not a UUID",
            "/api/v1/experiments/42",
            400,
            "parameter",
            "id"));
    cases.add(
        get("an unknown experiment", "/api/v1/experiments/" + UNKNOWN_ID, 404, "parameter", "id"));
    cases.add(
        get("an encoded slash in an id", "/api/v1/experiments/a%2Fb", 400, "parameter", "id"));
    cases.add(
        post(
            "cancelling an unknown experiment",
            "/api/v1/experiments/" + UNKNOWN_ID + "/cancel",
            404,
            "parameter",
            "id"));
    cases.add(
        post("cancelling a malformed id", "/api/v1/experiments/x/cancel", 400, "parameter", "id"));
    cases.add(
        delete(
            "deleting an unknown experiment",
            "/api/v1/experiments/" + UNKNOWN_ID,
            404,
            "parameter",
            "id"));
    cases.add(
        delete(
            "deleting an experiment id that is not a UUID",
            "/api/v1/experiments/42",
            400,
            "parameter",
            "id"));
    cases.add(get("a job id that is a word", "/api/v1/jobs/abc", 400, "parameter", "id"));
    cases.add(
        get("a job id beyond a long", "/api/v1/jobs/99999999999999999999", 400, "parameter", "id"));
    cases.add(get("an unknown job", "/api/v1/jobs/987654321", 404, "parameter", "id"));
    cases.add(
        post("cancelling an unknown job", "/api/v1/jobs/987654321/cancel", 404, "parameter", "id"));
    cases.add(
        post(
            "cancelling a job id that is a word",
            "/api/v1/jobs/abc/cancel",
            400,
            "parameter",
            "id"));
    cases.add(get("a model id that is not a UUID", "/api/v1/models/xyz", 400, "parameter", "id"));
    cases.add(get("an unknown model", "/api/v1/models/" + UNKNOWN_ID, 404, "parameter", "id"));
    cases.add(
        get(
            "the lineage of an unknown model",
            "/api/v1/models/" + UNKNOWN_ID + "/lineage",
            404,
            "parameter",
            "id"));
    cases.add(
        get(
            "downloading an unknown model",
            "/api/v1/models/" + UNKNOWN_ID + "/download",
            404,
            "parameter",
            "id"));
    cases.add(get("an unknown dataset", "/api/v1/datasets/no-such-data", 404, "parameter", "name"));
    cases.add(
        get(
            "a dataset name climbing out",
            "/api/v1/datasets/..%2F..%2Fetc",
            404,
            "parameter",
            "name"));
    cases.add(
        delete(
            "deleting an unknown dataset",
            "/api/v1/datasets/no-such-data",
            404,
            "parameter",
            "name"));
    cases.add(
        delete(
            "deleting a dataset name climbing out",
            "/api/v1/datasets/..%2F..%2Fetc",
            404,
            "parameter",
            "name"));
    return cases;
  }

  private static List<Case> protocol() {
    List<Case> cases = new ArrayList<>();
    cases.add(
        get("an unknown endpoint", "/api/v1/nothing-here", 404, "path", "/api/v1/nothing-here"));
    cases.add(
        new Case(
            "DELETE on the experiments",
            RawHttp.request("DELETE", "/api/v1/experiments", "", null),
            false,
            405,
            "path",
            "/api/v1/experiments"));
    cases.add(
        new Case(
            "TRACE on the experiments",
            RawHttp.request("TRACE", "/api/v1/experiments", "", null),
            false,
            405,
            "path",
            "/api/v1/experiments"));
    cases.add(
        new Case(
            "GET on a cancel",
            RawHttp.request("GET", "/api/v1/experiments/" + UNKNOWN_ID + "/cancel", "", null),
            false,
            405,
            "path",
            "/api/v1/experiments/" + UNKNOWN_ID + "/cancel"));
    cases.add(
        new Case(
            "an Accept the API cannot answer",
            RawHttp.request("GET", "/api/v1/experiments", "Accept: application/xml\r\n", null),
            false,
            406,
            "header",
            "Accept"));
    cases.add(
        new Case(
            "an Accept of YAML",
            RawHttp.request("GET", "/api/v1/experiments", "Accept: application/yaml\r\n", null),
            false,
            406,
            "header",
            "Accept"));
    cases.add(
        new Case(
            "braces in the path",
            RawHttp.request("GET", "/api/v1/experiments/{id}", "", null),
            false,
            400,
            "path",
            "/"));
    cases.add(
        new Case(
            "a malformed percent escape",
            RawHttp.request("GET", "/api/v1/experiments/%zz", "", null),
            false,
            400,
            "path",
            "/api/v1/experiments/%zz"));
    cases.add(
        new Case(
            "a header name with a space",
            RawHttp.request("GET", "/api/v1/experiments", "Bad Header: y\r\n", null),
            false,
            400,
            "path",
            "/api/v1/experiments"));
    return cases;
  }

  private static Case submit(
      String description, String body, int status, String property, String named) {
    return new Case(
        "experiment: " + description,
        RawHttp.request("POST", "/api/v1/experiments", JSON, bytes(body)),
        false,
        status,
        property,
        named);
  }

  private static Case get(
      String description, String path, int status, String property, String named) {
    return new Case(
        description, RawHttp.request("GET", path, "", null), false, status, property, named);
  }

  private static Case post(
      String description, String path, int status, String property, String named) {
    return new Case(
        description, RawHttp.request("POST", path, "", bytes("")), false, status, property, named);
  }

  private static Case delete(
      String description, String path, int status, String property, String named) {
    return new Case(
        description, RawHttp.request("DELETE", path, "", null), false, status, property, named);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
