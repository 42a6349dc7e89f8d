package dev.taper.bench.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop HTTP load at a fixed arrival rate, on Java's {@link HttpClient}: request i is due at
 * {@code start + i / rate} whatever happened to the earlier ones, is sent asynchronously (new
 * connections open as needed), and its latency is measured from that due time, not from when it was
 * actually sent. A stall of the server or of this sender therefore shows up in the latencies of
 * every request it delayed (no coordinated omission). The targets are requested in turn.
 */
final class OpenLoopLoad {

  /** A request still unanswered after this counts as an error. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /**
   * Runs the load.
   *
   * @return per target, the latencies (ms) of the requests answered 200, and the errors
   */
  LoadResult run(List<URI> targets, int ratePerSecond, Duration duration)
      throws InterruptedException {
    int total = (int) (ratePerSecond * duration.toMillis() / 1000);
    long periodNanos = 1_000_000_000L / ratePerSecond;
    List<HttpRequest> requests =
        targets.stream()
            .map(t -> HttpRequest.newBuilder(t).timeout(TIMEOUT).GET().build())
            .toList();
    LoadResult result = new LoadResult(targets);
    List<CompletableFuture<?>> pending = new ArrayList<>(total);
    long start = System.nanoTime() + 10_000_000;
    long maxLateNanos = 0;
    for (int i = 0; i < total; i++) {
      long due = start + i * periodNanos;
      long now;
      while ((now = System.nanoTime()) < due) {
        LockSupport.parkNanos(due - now);
      }
      maxLateNanos = Math.max(maxLateNanos, now - due);
      int target = i % requests.size();
      pending.add(
          client
              .sendAsync(requests.get(target), HttpResponse.BodyHandlers.discarding())
              .whenComplete(
                  (response, error) -> {
                    long latency = System.nanoTime() - due;
                    if (error == null && response.statusCode() == 200) {
                      result.ok(target, latency / 1e6);
                    } else {
                      result.error(
                          target,
                          error != null ? error.toString() : "HTTP " + response.statusCode());
                    }
                  }));
    }
    for (CompletableFuture<?> request : pending) {
      try {
        request.get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        // counted by whenComplete (an error) or, when it never completes, by the total below
      }
    }
    result.finish(total, (System.nanoTime() - start) / 1e9, maxLateNanos / 1e6);
    return result;
  }
}
