package dev.taper.bench.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The few API calls the benchmark makes besides its load: submit, read, wait for a stage. */
final class TaperApi {

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final JsonMapper json = JsonMapper.builder().build();
  private final String baseUrl;

  TaperApi(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  String baseUrl() {
    return baseUrl;
  }

  /** Submits a spec; returns the experiment's id. */
  String submit(String spec) throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/experiments"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(spec))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "submission answered " + response.statusCode() + ": " + response.body());
    }
    return json.readTree(response.body()).get("id").asString();
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          path + " answered " + response.statusCode() + ": " + response.body());
    }
    return json.readTree(response.body());
  }

  /**
   * Waits until the experiment's stage of {@code kind} runs and has reported progress (it is
   * training, past loading its data); returns the stage job's id.
   */
  long awaitTraining(String experiment, String kind, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (JsonNode stage : get("/api/v1/experiments/" + experiment).get("stages")) {
        if (stage.get("kind").asString().equals(kind)
            && stage.get("status").asString().equals("RUNNING")
            && stage.get("progress").isObject()
            && stage.get("progress").get("step").asLong() > 0) {
          return stage.get("id").asLong();
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            kind + " of experiment " + experiment + " not training after " + timeout);
      }
      // another process's progress: polling its API is how a user sees it too
      Thread.sleep(1000);
    }
  }

  /** Waits until the experiment has ended (SUCCEEDED, FAILED or CANCELLED); returns its view. */
  JsonNode awaitEnd(String experiment, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode view = get("/api/v1/experiments/" + experiment);
      String status = view.get("status").asString();
      if (List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(status)) {
        return view;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(experiment + " still " + status + " after " + timeout);
      }
      // another process's progress: polling its API is how a user sees it too
      Thread.sleep(500);
    }
  }

  /** The job's status now. */
  String status(long job) throws IOException, InterruptedException {
    return get("/api/v1/jobs/" + job).get("status").asString();
  }
}
