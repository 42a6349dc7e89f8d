package dev.taper.dataset;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server standing in for a dataset mirror: serves files from memory under {@link
 * #base()}, counts the requests for each, and misbehaves on demand (an error status, a body cut
 * short, headers and then silence, answers held until released).
 */
public final class MirrorServer implements AutoCloseable {

  /** How the server answers. */
  public enum Mode {
    SERVE,
    FAIL_503,
    /** Declares the full length, sends half, closes the connection. */
    TRUNCATE,
    /** Sends the headers, then nothing until the server closes. */
    STALL
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile Mode mode = Mode.SERVE;
  private volatile CountDownLatch held = new CountDownLatch(0);

  private MirrorServer(HttpServer server) {
    this.server = server;
  }

  public static MirrorServer start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      MirrorServer mirror = new MirrorServer(server);
      server.createContext("/", mirror::handle);
      server.setExecutor(mirror.executor);
      server.start();
      return mirror;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serves the four files of the committed Fashion-MNIST subset under their official names. */
  public MirrorServer serveSubset() {
    for (String name : FashionMnist.FILES) {
      try {
        serve(name, Files.readAllBytes(TestDatasets.subsetDirectory().resolve(name)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return this;
  }

  public MirrorServer serve(String name, byte[] content) {
    files.put(name, content);
    return this;
  }

  public void mode(Mode mode) {
    this.mode = mode;
  }

  /** Answers wait from now until {@link #release()}. */
  public void hold() {
    held = new CountDownLatch(1);
  }

  public void release() {
    held.countDown();
  }

  /** The folder URL the files are served under. */
  public URI base() {
    return URI.create(
        "http://"
            + server.getAddress().getHostString()
            + ":"
            + server.getAddress().getPort()
            + "/");
  }

  /** How many requests asked for {@code name}. */
  public int requests(String name) {
    AtomicInteger count = requests.get(name);
    return count == null ? 0 : count.get();
  }

  public int totalRequests() {
    return requests.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  public void resetCounts() {
    requests.clear();
  }

  @Override
  public void close() {
    closing.countDown();
    held.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String name = exchange.getRequestURI().getPath().substring(1);
      requests.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
      awaitQuietly(held);
      byte[] content = files.get(name);
      if (content == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      switch (mode) {
        case SERVE -> {
          exchange.sendResponseHeaders(200, content.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(content);
          }
        }
        case FAIL_503 -> exchange.sendResponseHeaders(503, -1);
        case TRUNCATE -> {
          exchange.sendResponseHeaders(200, content.length);
          OutputStream out = exchange.getResponseBody();
          out.write(content, 0, content.length / 2);
          out.flush();
          // closing the exchange with bytes still owed drops the connection
        }
        case STALL -> {
          exchange.sendResponseHeaders(200, content.length);
          exchange.getResponseBody().flush();
          awaitQuietly(closing);
        }
      }
    } finally {
      closeQuietly(exchange);
    }
  }

  private static void closeQuietly(HttpExchange exchange) {
    try {
      exchange.close();
    } catch (RuntimeException e) {
      // TRUNCATE: the exchange complains that bytes are missing, which is the point
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(2, TimeUnit.MINUTES)) {
        throw new IllegalStateException("a held answer was never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
