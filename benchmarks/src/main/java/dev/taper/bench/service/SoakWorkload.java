package dev.taper.bench.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * The soak's experiments: tiny MLPs on the built-in {@code fashion-mnist-mini} (2,000 training
 * examples, in the jar, so the soak needs no dataset on the machine), each stage a few seconds;
 * experiment i has seed i and depth 1 + i mod 3, and only the method's three stages (WIDE, IMITATE,
 * FINETUNE), so every experiment has the full lineage WIDE -> WARMED -> THIN.
 */
final class SoakWorkload {

  private static final String SPEC =
      """
      {"name": "soak-%d", "dataset": "fashion-mnist-mini",
       "model": {"family": "mlp", "depth": %d, "width": 16}, "widenFactor": 4, "seed": %d,
       "device": "cpu",
       "wide": {"epochs": 2, "batchSize": 64},
       "imitate": {"stepsPerLayer": 30, "batchSize": 64},
       "finetune": {"epochs": 1, "batchSize": 64},
       "baselines": []}
      """;

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final JsonMapper json = JsonMapper.builder().build();
  private final String baseUrl;

  SoakWorkload(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  static String specTemplate() {
    return SPEC.formatted(0, 1, 0).replaceAll("\\s+", " ").trim()
        + " (experiment i: name soak-i, seed i, depth 1 + i mod 3)";
  }

  static String spec(int i) {
    return SPEC.formatted(i, 1 + i % 3, i);
  }

  /** Submits experiments 1..n, each with its own idempotency key; returns their ids. */
  List<UUID> submit(int n) throws IOException, InterruptedException {
    List<UUID> ids = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/experiments"))
              .header("Content-Type", "application/json")
              .header("Idempotency-Key", "soak-" + i)
              .timeout(Duration.ofSeconds(60))
              .POST(HttpRequest.BodyPublishers.ofString(spec(i)))
              .build();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201 && response.statusCode() != 200) {
        throw new IllegalStateException(
            "submitting experiment "
                + i
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
      ids.add(UUID.fromString(json.readTree(response.body()).get("id").asString()));
    }
    return ids;
  }
}
