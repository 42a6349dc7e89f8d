package dev.taper.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Example problem documents, one per status, shaped as Taper answers them. */
final class ProblemExamples {

  private record Sample(String type, String title, Map<String, String> item) {}

  private static final Map<Integer, Sample> SAMPLES =
      Map.of(
          400,
          new Sample(
              "invalid-parameter",
              "Invalid parameter",
              Map.of("parameter", "size", "message", "must be between 1 and 200, was 0")),
          404,
          new Sample(
              "not-found",
              "Experiment not found",
              Map.of(
                  "parameter",
                  "id",
                  "message",
                  "no experiment with id 0b0f5b1e-5d27-4b43-9a53-1d1a8c9f3f11")),
          406,
          new Sample(
              "not-acceptable",
              "Not acceptable",
              Map.of(
                  "header",
                  "Accept",
                  "message",
                  "accepts nothing this endpoint answers with (application/json)")),
          409,
          new Sample(
              "experiment-finished",
              "Experiment already finished",
              Map.of(
                  "parameter",
                  "id",
                  "message",
                  "experiment 0b0f5b1e-5d27-4b43-9a53-1d1a8c9f3f11 is SUCCEEDED; only a queued or"
                      + " running experiment can be cancelled")),
          413,
          new Sample(
              "body-too-large",
              "Request body too large",
              Map.of("part", "body", "message", "is over the 1 MiB a JSON body may be")),
          415,
          new Sample(
              "unsupported-content-type",
              "Unsupported content type",
              Map.of(
                  "header",
                  "Content-Type",
                  "message",
                  "is 'text/plain'; this endpoint takes application/json")),
          500,
          new Sample(
              "internal-error",
              "Internal error",
              Map.of(
                  "path",
                  "/api/v1/experiments",
                  "message",
                  "failed unexpectedly; the service log has the details under reference"
                      + " 9b2c4d7e-1f3a-4c5b-8d6e-7f8091a2b3c4")));

  private ProblemExamples() {}

  static Map<String, Object> of(int status) {
    Sample sample = SAMPLES.getOrDefault(status, SAMPLES.get(400));
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "https://taper.dev/problems/" + sample.type());
    problem.put("title", sample.title());
    problem.put("status", status);
    problem.put("detail", describe(sample.item()));
    problem.put("errors", List.of(new LinkedHashMap<>(sample.item())));
    return problem;
  }

  private static String describe(Map<String, String> item) {
    String place =
        item.keySet().stream().filter(key -> !key.equals("message")).findFirst().orElseThrow();
    return place + " " + item.get(place) + ": " + item.get("message");
  }
}
