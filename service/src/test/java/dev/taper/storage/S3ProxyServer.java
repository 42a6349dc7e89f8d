package dev.taper.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API for tests: S3Proxy with its file-system blob store, in a JVM of its own started
 * from its self-contained jar ({@code target/s3proxy/s3proxy.jar}, copied there by the build from
 * Maven Central). Its Jackson, Logback and JUnit versions clash with Spring Boot's, so it never
 * joins the test class path. One server serves the whole test JVM; it stops with it.
 */
public final class S3ProxyServer {

  public static final String BUCKET = "taper-test";
  public static final String ACCESS_KEY = "taper-test-access";
  public static final String SECRET_KEY = "taper-test-secret";
  public static final String REGION = "us-east-1";

  /** The host name S3Proxy serves buckets under: {@code <bucket>.localhost} is virtual-host. */
  public static final String VIRTUAL_HOST = "localhost";

  private final int port;

  private S3ProxyServer(int port) {
    this.port = port;
  }

  /** The server of this JVM, started on first use with the test bucket created. */
  public static S3ProxyServer shared() {
    return Holder.SERVER;
  }

  public int port() {
    return port;
  }

  /** Path-style and virtual-host requests both work against this endpoint. */
  public URI endpoint() {
    return URI.create("http://" + VIRTUAL_HOST + ":" + port);
  }

  public static AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

  /**
   * Store settings for the test bucket with a prefix of their own, small parts (multipart uploads
   * start at 5 MiB) and quick retries.
   */
  public S3Settings settings(String prefix, URI endpoint, Duration readTimeout) {
    return new S3Settings(
        BUCKET,
        prefix,
        endpoint,
        REGION,
        true,
        S3Settings.MIN_PART_SIZE,
        Duration.ofSeconds(5),
        readTimeout,
        4,
        Duration.ofMillis(20),
        Duration.ofMillis(200),
        4);
  }

  /** A client that reaches under the store, to inspect and damage what it stored. */
  public S3Client rawClient() {
    return S3Clients.create(settings("", endpoint(), Duration.ofSeconds(30)), credentials());
  }

  private static S3ProxyServer start() {
    try {
      Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            jar + " is missing: the build's generate-test-resources phase copies it there");
      }
      Path home = Files.createTempDirectory("s3proxy");
      Path blobs = Files.createDirectories(home.resolve("blobs"));
      int port = freePort();
      Path properties = home.resolve("s3proxy.properties");
      Files.writeString(
          properties,
          String.join(
              "\n",
              "s3proxy.endpoint=http://127.0.0.1:" + port,
              "s3proxy.virtual-host=" + VIRTUAL_HOST,
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + ACCESS_KEY,
              "s3proxy.credential=" + SECRET_KEY,
              "jclouds.provider=filesystem",
              "jclouds.filesystem.basedir=" + blobs,
              ""));
      Path log = Path.of("target", "s3proxy.log").toAbsolutePath();
      Process process =
          new ProcessBuilder(
                  List.of(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-Xmx512m",
                      "-XX:+UseSerialGC",
                      "-jar",
                      jar.toString(),
                      "--properties",
                      properties.toString()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      awaitListening(process, port, log);
      S3ProxyServer server = new S3ProxyServer(port);
      try (S3Client s3 = server.rawClient()) {
        s3.createBucket(b -> b.bucket(BUCKET));
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start S3Proxy", e);
    }
  }

  private static void awaitListening(Process process, int port, Path log) {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "S3Proxy exited with " + process.exitValue() + "; see " + log);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("S3Proxy is not listening after a minute; see " + log);
        }
        // another process's port: polling it is the only way to observe it
        sleep(100);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The pause between polls of the child process's port (see the caller). */
  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting S3Proxy", e);
    }
  }

  private static final class Holder {
    static final S3ProxyServer SERVER = start();
  }
}
