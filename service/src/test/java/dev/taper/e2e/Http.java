package dev.taper.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON client for the running service. */
final class Http {

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final JsonMapper json = JsonMapper.builder().build();

  Http(int port) {
    this.base = "http://localhost:" + port;
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
  }

  HttpResponse<byte[]> getBytes(String path) {
    try {
      return client.send(
          HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> post(String path, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String base() {
    return base;
  }

  JsonNode json(HttpResponse<String> response) {
    return json.readTree(response.body());
  }

  JsonNode json(String text) {
    return json.readTree(text);
  }

  /**
   * Polls {@code path} (an experiment or a job) until its {@code status} is no longer QUEUED,
   * BLOCKED or RUNNING, and returns it; fails after {@code timeout}. The service may run in another
   * JVM, so its API is polled, as a user would.
   */
  JsonNode awaitSettled(String path, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode body = json(get(path));
      String status = body.get("status").asString();
      if (!status.equals("QUEUED") && !status.equals("BLOCKED") && !status.equals("RUNNING")) {
        return body;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(path + " still " + status + " after " + timeout + ": " + body);
      }
      // the polling interval: the API offers no push, and a user's client polls it the same way
      Thread.sleep(300);
    }
  }
}
