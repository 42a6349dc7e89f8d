package dev.taper.storage;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP/1.1 proxy between the S3 store and S3Proxy that injects the failures S3 and networks
 * produce: 500 answers, requests never answered, connections reset, and responses that break off or
 * stall part-way through their body. Requests pass byte for byte (their signatures stay valid);
 * every request line is recorded.
 */
public final class FaultyProxy implements AutoCloseable {

  /** A request as received: its method, target (path and query) and headers (lower-case names). */
  public record Request(String method, String target, Map<String, String> headers) {

    public boolean is(String method) {
      return this.method.equals(method);
    }

    /** A request for one part of a multipart upload. */
    public boolean isPartUpload() {
      return is("PUT") && target.contains("partNumber=");
    }

    /** A request reading a range of an object, as a resumed download does. */
    public boolean isRangedRead() {
      return is("GET") && headers.containsKey("range");
    }

    public boolean targets(String text) {
      return target.contains(text);
    }
  }

  private enum Kind {
    FAIL,
    STALL,
    RESET,
    CUT_BODY,
    STALL_BODY
  }

  private record Rule(Kind kind, Predicate<Request> which, AtomicInteger remaining, long after) {}

  private final int upstreamPort;
  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool(FaultyProxy::daemon);
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger injected = new AtomicInteger();
  private final CountDownLatch closed = new CountDownLatch(1);

  public FaultyProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  /** The proxy as an endpoint; {@code localhost} so S3Proxy reads the Host header as path-style. */
  public URI endpoint() {
    return URI.create("http://" + S3ProxyServer.VIRTUAL_HOST + ":" + server.getLocalPort());
  }

  /** Answers the next {@code times} matching requests with a 500 InternalError. */
  public void fail(int times, Predicate<Request> which) {
    rules.add(new Rule(Kind.FAIL, which, new AtomicInteger(times), 0));
  }

  /**
   * Never answers the next {@code times} matching requests (the client's read timeout ends them).
   */
  public void stall(int times, Predicate<Request> which) {
    rules.add(new Rule(Kind.STALL, which, new AtomicInteger(times), 0));
  }

  /** Resets the connection of the next {@code times} matching requests. */
  public void reset(int times, Predicate<Request> which) {
    rules.add(new Rule(Kind.RESET, which, new AtomicInteger(times), 0));
  }

  /** Resets the connection once the response's head and {@code bytes} of its body are passed on. */
  public void cutResponse(int times, long bytes, Predicate<Request> which) {
    rules.add(new Rule(Kind.CUT_BODY, which, new AtomicInteger(times), bytes));
  }

  /**
   * Stops passing the response on after its head and {@code bytes} of its body, leaving it open.
   */
  public void stallResponse(int times, long bytes, Predicate<Request> which) {
    rules.add(new Rule(Kind.STALL_BODY, which, new AtomicInteger(times), bytes));
  }

  /** Every request received so far, in order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** How many faults have been injected so far. */
  public int injected() {
    return injected.get();
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    threads.shutdownNow();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        threads.execute(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Serves one client connection: its requests one after another, each to the same upstream. */
  private void serve(Socket client) {
    Socket upstream = null;
    Pump pump = null;
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      while (true) {
        byte[] head = readHead(in);
        if (head == null) {
          return;
        }
        Request request = parse(head);
        requests.add(request);
        Rule rule = take(request);
        Kind kind = rule == null ? null : rule.kind();
        if (kind == Kind.FAIL) {
          if (!"100-continue".equalsIgnoreCase(request.headers().get("expect"))) {
            in.skipNBytes(contentLength(request));
          }
          client.getOutputStream().write(internalError());
          client.getOutputStream().flush();
          return;
        }
        if (kind == Kind.STALL) {
          // until the client gives up and closes, or the proxy closes
          in.transferTo(OutputStream.nullOutputStream());
          return;
        }
        if (kind == Kind.RESET) {
          client.setSoLinger(true, 0);
          return;
        }
        if (upstream == null) {
          upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
          sockets.add(upstream);
          pump = new Pump(new BufferedInputStream(upstream.getInputStream(), 64 * 1024), client);
          threads.execute(pump);
        }
        if (kind == Kind.CUT_BODY || kind == Kind.STALL_BODY) {
          pump.arm(kind, rule.after());
        }
        OutputStream out = upstream.getOutputStream();
        out.write(head);
        copy(in, out, contentLength(request));
        out.flush();
      }
    } catch (IOException e) {
      // the client or the upstream went away: the connection ends
    } finally {
      closeQuietly(upstream);
    }
  }

  private Rule take(Request request) {
    for (Rule rule : rules) {
      if (rule.which().test(request) && rule.remaining().getAndDecrement() > 0) {
        injected.incrementAndGet();
        return rule;
      }
    }
    return null;
  }

  /** A fault armed for one response: its kind and after how many of its body's bytes. */
  private record Arming(Kind kind, long afterBodyBytes) {}

  /**
   * Passes responses from the upstream to the client as they come, and breaks one off when armed:
   * after its head and the given number of its body's bytes.
   */
  private final class Pump implements Runnable {
    private final InputStream upstream;
    private final Socket client;
    private volatile Arming armed;

    Pump(InputStream upstream, Socket client) {
      this.upstream = upstream;
      this.client = client;
    }

    /** Arms the pump for the response to the request about to be forwarded. */
    void arm(Kind kind, long afterBodyBytes) {
      armed = new Arming(kind, afterBodyBytes);
    }

    @Override
    public void run() {
      byte[] buffer = new byte[64 * 1024];
      Arming active = null;
      int last4 = 0;
      boolean inBody = false;
      long passed = 0;
      try {
        OutputStream out = client.getOutputStream();
        while (true) {
          if (active != null && inBody && passed == active.afterBodyBytes()) {
            breakOff(active.kind());
            return;
          }
          int n = upstream.read(buffer);
          if (n < 0) {
            client.close();
            return;
          }
          // requests are not pipelined: bytes that arrive after arming are the armed response's
          if (armed != active) {
            active = armed;
            last4 = 0;
            inBody = false;
            passed = 0;
          }
          int send = n;
          for (int i = 0; active != null && i < n; i++) {
            if (!inBody) {
              last4 = (last4 << 8) | (buffer[i] & 0xff);
              inBody = last4 == 0x0d0a0d0a;
            } else if (passed == active.afterBodyBytes()) {
              send = i;
              break;
            } else {
              passed++;
            }
          }
          out.write(buffer, 0, send);
          out.flush();
          if (send < n) {
            breakOff(active.kind());
            return;
          }
        }
      } catch (IOException e) {
        // either side closed
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void breakOff(Kind kind) throws IOException, InterruptedException {
      if (kind == Kind.CUT_BODY) {
        client.setSoLinger(true, 0);
        client.close();
      } else {
        closed.await();
      }
    }
  }

  /** The request line and headers up to the blank line, or null at the end of the connection. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last4 = 0;
    while (last4 != 0x0d0a0d0a) {
      int b = in.read();
      if (b < 0) {
        if (head.size() == 0) {
          return null;
        }
        throw new IOException("the connection ended inside a request head");
      }
      head.write(b);
      last4 = (last4 << 8) | b;
    }
    return head.toByteArray();
  }

  private static Request parse(byte[] head) {
    String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
    String[] requestLine = lines[0].split(" ");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    if (headers.containsKey("transfer-encoding")) {
      throw new IllegalStateException("the proxy handles Content-Length bodies only: " + lines[0]);
    }
    return new Request(requestLine[0], requestLine[1], headers);
  }

  private static long contentLength(Request request) {
    return Long.parseLong(request.headers().getOrDefault("content-length", "0"));
  }

  private static void copy(InputStream in, OutputStream out, long length) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("the request body ended early");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static byte[] internalError() {
    String body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code>"
            + "<Message>injected by the test proxy</Message><RequestId>fault</RequestId></Error>";
    List<String> lines = new ArrayList<>();
    lines.add("HTTP/1.1 500 Internal Server Error");
    lines.add("Content-Type: application/xml");
    lines.add("Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length);
    lines.add("Connection: close");
    return (String.join("\r\n", lines) + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
  }

  private static void closeQuietly(Socket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "faulty-proxy");
    thread.setDaemon(true);
    return thread;
  }
}
