package dev.taper.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * What the deployment files must agree with, in one place: the service's port, environment
 * variables, roles and actuator paths.
 *
 * <p>The port is read from {@code service/src/main/resources/application.yml} when that file exists
 * and says {@code server.port: ${SERVER_PORT:<default>}}; otherwise it is the constant below, which
 * is the service's documented default. The environment names are the service's documented interface
 * (they map onto Spring properties by relaxed binding).
 */
final class ServiceContract {

  static final int DEFAULT_PORT = 8080;

  static final String LIVENESS = "/actuator/health/liveness";
  static final String READINESS = "/actuator/health/readiness";
  static final String PROMETHEUS = "/actuator/prometheus";

  static final Set<String> ROLES = Set.of("all", "api", "worker", "migrate");

  /** Variables every Taper container must be given. */
  static final Set<String> REQUIRED_ENV =
      Set.of(
          "TAPER_ROLE",
          "SERVER_PORT",
          "TAPER_HOME",
          "TAPER_DATA_DIR",
          "TAPER_STORE",
          "SPRING_DATASOURCE_URL",
          "SPRING_DATASOURCE_USERNAME",
          "SPRING_DATASOURCE_PASSWORD",
          "SPRING_FLYWAY_ENABLED");

  /** TAPER_STORE: where artifacts live; {@code s3} reads the S3 variables below. */
  static final Set<String> STORES = Set.of("filesystem", "s3");

  /** The S3 artifact store's settings; the credentials are the AWS SDK's standard names. */
  static final Set<String> S3_ENV =
      Set.of(
          "TAPER_S3_BUCKET",
          "TAPER_S3_PREFIX",
          "TAPER_S3_ENDPOINT",
          "TAPER_S3_REGION",
          "TAPER_S3_PATH_STYLE",
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY");

  /**
   * Spring Boot's property for fixed buckets of the HTTP latency histogram (relaxed binding of
   * management.metrics.distribution.slo.http.server.requests), for the dashboards' p95.
   */
  static final String HTTP_LATENCY_BUCKETS_ENV =
      "MANAGEMENT_METRICS_DISTRIBUTION_SLO_HTTP_SERVER_REQUESTS";

  static final String HTTP_LATENCY_BUCKETS =
      "5ms,10ms,25ms,50ms,100ms,250ms,500ms,1s,2500ms,5s,10s,30s";

  /** Every variable Taper reads; a deployment file setting another one has a typo. */
  static final Set<String> KNOWN_ENV =
      Stream.of(
              REQUIRED_ENV.stream(),
              S3_ENV.stream(),
              Stream.of(
                  HTTP_LATENCY_BUCKETS_ENV,
                  "JAVA_OPTS",
                  "JAVA_TOOL_OPTIONS",
                  // libtorch's intra-op threads (OpenMP)
                  "OMP_NUM_THREADS"))
          .flatMap(s -> s)
          .collect(Collectors.toUnmodifiableSet());

  static final String CONTAINER_HOME = "/var/lib/taper";

  /**
   * After the worker's drain ({@code taper.worker.drain-timeout}), how long a running stage may
   * take to hand itself back (the service's {@code StageWorker.HAND_BACK_WAIT}).
   */
  static final int HAND_BACK_SECONDS = 30;

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{SERVER_PORT:(\\d+)}");
  private static final Pattern SECONDS = Pattern.compile("(\\d+)s");

  private ServiceContract() {}

  /** The port the service listens on when SERVER_PORT is not set. */
  static int port() {
    return portFromApplicationYml().orElse(DEFAULT_PORT);
  }

  /**
   * How long a container that trains needs to stop cleanly: the drain, then the hand-back. Killed
   * sooner, its stage loses an attempt and waits for its lease to expire before it runs again.
   */
  static int shutdownSeconds() {
    Object drain = taperWorker().get("drain-timeout");
    Matcher seconds = SECONDS.matcher(String.valueOf(drain));
    if (!seconds.matches()) {
      throw new IllegalStateException("taper.worker.drain-timeout is not in seconds: " + drain);
    }
    return Integer.parseInt(seconds.group(1)) + HAND_BACK_SECONDS;
  }

  private static Map<?, ?> taperWorker() {
    try (InputStream in = Files.newInputStream(applicationYml())) {
      for (Object document : new Yaml().loadAll(in)) {
        if (document instanceof Map<?, ?> map
            && map.get("taper") instanceof Map<?, ?> taper
            && taper.get("worker") instanceof Map<?, ?> worker) {
          return worker;
        }
      }
      throw new IllegalStateException("no taper.worker in " + applicationYml());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + applicationYml(), e);
    }
  }

  static Path applicationYml() {
    return Repo.root().resolve("service/src/main/resources/application.yml");
  }

  @SuppressWarnings("unchecked")
  static Optional<Integer> portFromApplicationYml() {
    Path file = applicationYml();
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(file)) {
      for (Object document : new Yaml().loadAll(in)) {
        if (document instanceof Map<?, ?> map
            && map.get("server") instanceof Map<?, ?> server
            && server.get("port") != null) {
          String port = server.get("port").toString();
          Matcher placeholder = PLACEHOLDER.matcher(port);
          return Optional.of(
              Integer.parseInt(placeholder.matches() ? placeholder.group(1) : port.trim()));
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + file, e);
    }
  }
}
