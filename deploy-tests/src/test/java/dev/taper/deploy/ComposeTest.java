package dev.taper.deploy;

import static dev.taper.deploy.Yamls.at;
import static dev.taper.deploy.Yamls.listAt;
import static dev.taper.deploy.Yamls.mapAt;
import static dev.taper.deploy.Yamls.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** docker-compose.yml agrees with the service, the Prometheus config and the Grafana files. */
class ComposeTest {

  private static final Map<String, Object> COMPOSE = Yamls.file(Repo.path("docker-compose.yml"));
  private static final Map<String, Object> SERVICES = mapAt(COMPOSE, "services");

  @Test
  void runsPostgresApiWorkersPrometheusAndGrafanaAndMinioOnlyWithTheS3Profile() {
    assertThat(SERVICES)
        .containsOnlyKeys(
            "postgres", "api", "worker", "prometheus", "grafana", "minio", "minio-bucket");
    assertThat(string(SERVICES, "postgres.image")).matches("postgres:1[67](\\..*)?");
    assertThat(at(SERVICES, "worker.deploy.replicas")).isEqualTo(2);
    SERVICES.forEach(
        (name, service) ->
            assertThat(at(service, "profiles"))
                .as("profiles of %s", name)
                .isEqualTo(name.startsWith("minio") ? List.of("s3") : null));
  }

  @Test
  void tapersContainersHaveTimeToHandTheirStageBackBeforeDockerKillsThem() {
    for (String service : List.of("api", "worker")) {
      String grace = string(SERVICES, service + ".stop_grace_period");
      assertThat(grace).as(service).matches("\\d+s");
      assertThat(Integer.parseInt(grace.substring(0, grace.length() - 1)))
          .as("%s: drain, then hand back", service)
          .isGreaterThan(ServiceContract.shutdownSeconds());
    }
  }

  @Test
  void tapersImageIsTheCpuBuildTaggedWithTheChartsAppVersion() {
    String version = HelmChartTest.appVersion();
    for (String service : List.of("api", "worker")) {
      assertThat(string(SERVICES, service + ".image")).isEqualTo("taper:" + version);
      assertThat(string(SERVICES, service + ".build.args.TAPER_VERSION")).isEqualTo(version);
      assertThat(string(SERVICES, service + ".build.args.PYTORCH_FLAVOR")).isEqualTo("cpu");
    }
  }

  @Test
  void theStoreIsTheSharedVolumeUnlessS3IsAskedFor() {
    for (String service : List.of("api", "worker")) {
      Map<String, Object> env = mapAt(SERVICES, service + ".environment");
      assertThat(env.get("TAPER_STORE")).isEqualTo("${TAPER_STORE:-filesystem}");
      assertThat(mountTarget(service, ServiceContract.CONTAINER_HOME)).contains("taper-home");
      assertThat(mapAt(COMPOSE, "volumes")).containsKey("taper-home");
    }
  }

  @Test
  void theS3ProfilePointsTaperAtMinioAndItsBucket() {
    String bucketCommand = at(SERVICES, "minio-bucket.command").toString();
    Map<String, Object> minioEnv = mapAt(SERVICES, "minio.environment");
    for (String service : List.of("api", "worker")) {
      Map<String, Object> env = mapAt(SERVICES, service + ".environment");
      assertThat(env.keySet()).containsAll(ServiceContract.S3_ENV);
      assertThat(env.get("TAPER_S3_ENDPOINT")).isEqualTo("http://minio:9000");
      assertThat(env.get("TAPER_S3_PATH_STYLE")).isEqualTo("true");
      assertThat(bucketCommand).contains("store/" + env.get("TAPER_S3_BUCKET"));
      assertThat(env.get("AWS_ACCESS_KEY_ID")).isEqualTo(minioEnv.get("MINIO_ROOT_USER"));
      assertThat(env.get("AWS_SECRET_ACCESS_KEY")).isEqualTo(minioEnv.get("MINIO_ROOT_PASSWORD"));
      // waits for the bucket with --profile s3, ignores it without
      assertThat(mapAt(SERVICES, service + ".depends_on.minio-bucket"))
          .containsEntry("condition", "service_completed_successfully")
          .containsEntry("required", false);
    }
    assertThat(string(SERVICES, "minio-bucket.depends_on.minio.condition"))
        .isEqualTo("service_healthy");
    assertThat(string(SERVICES, "minio-bucket.image")).isEqualTo(string(SERVICES, "minio.image"));
  }

  @Test
  void workersRunAsManyLibtorchThreadsAsTheyHaveCpusAndLeaveMemoryToLibtorch() {
    String threads = "${TAPER_WORKER_THREADS:-2}";
    Map<String, Object> env = mapAt(SERVICES, "worker.environment");
    assertThat(env.get("OMP_NUM_THREADS")).isEqualTo(threads);
    assertThat(env.get("JAVA_OPTS").toString())
        .contains("-XX:MaxRAMPercentage=25")
        .contains("-Dai.djl.pytorch.num_threads=" + threads)
        .contains("-Dai.djl.pytorch.num_interop_threads=1");
    assertThat(string(SERVICES, "worker.deploy.resources.limits.cpus")).isEqualTo(threads);
  }

  @Test
  void tapersHttpLatencyHistogramHasTheBucketsTheDashboardsP95Needs() {
    for (String service : List.of("api", "worker")) {
      assertThat(at(SERVICES, service + ".environment." + ServiceContract.HTTP_LATENCY_BUCKETS_ENV))
          .isEqualTo(ServiceContract.HTTP_LATENCY_BUCKETS);
    }
  }

  @Test
  void prometheusLoadsTaperAlertsFromBesideItsConfig() {
    Path alerts = hostPath("prometheus", "/etc/prometheus/alerts.yml");
    assertThat(alerts).isEqualTo(Repo.path("deploy/prometheus/alerts.yml"));
    Map<String, Object> config = Yamls.file(Repo.path("deploy/prometheus/prometheus.yml"));
    // rule_files are relative to the config file, /etc/prometheus/prometheus.yml
    assertThat(list(config.get("rule_files"))).containsExactly("alerts.yml");
  }

  @Test
  void tapersEnvironmentMatchesTheServiceAndItsDatabase() {
    Map<String, Object> postgres = mapAt(SERVICES, "postgres.environment");
    for (String service : List.of("api", "worker")) {
      Map<String, Object> env = mapAt(SERVICES, service + ".environment");
      assertThat(env.keySet()).containsAll(ServiceContract.REQUIRED_ENV);
      assertThat(ServiceContract.KNOWN_ENV).containsAll(env.keySet());
      assertThat(env.get("TAPER_ROLE")).isEqualTo(service);
      assertThat(env.get("SERVER_PORT")).isEqualTo(String.valueOf(ServiceContract.port()));
      assertThat(env.get("TAPER_HOME")).isEqualTo(ServiceContract.CONTAINER_HOME);
      assertThat(env.get("SPRING_DATASOURCE_URL"))
          .isEqualTo("jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB"));
      assertThat(env.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(postgres.get("POSTGRES_USER"));
      assertThat(env.get("SPRING_DATASOURCE_PASSWORD"))
          .isEqualTo(postgres.get("POSTGRES_PASSWORD"));
      assertThat(mountTarget(service, ServiceContract.CONTAINER_HOME)).isPresent();
      assertThat(mountTarget(service, env.get("TAPER_DATA_DIR").toString())).isPresent();
      assertThat(string(SERVICES, service + ".build.context")).isEqualTo(".");
      assertThat(at(SERVICES, service + ".healthcheck.test").toString()).contains("readiness");
    }
    // Only the api migrates; workers wait for it.
    assertThat(at(SERVICES, "api.environment.SPRING_FLYWAY_ENABLED")).isEqualTo("true");
    assertThat(at(SERVICES, "worker.environment.SPRING_FLYWAY_ENABLED")).isEqualTo("false");
    assertThat(string(SERVICES, "worker.depends_on.api.condition")).isEqualTo("service_healthy");
  }

  @Test
  void theApiPublishesTheServicePort() {
    assertThat(list(at(SERVICES, "api.ports")))
        .containsExactly(ServiceContract.port() + ":" + ServiceContract.port());
  }

  @Test
  void prometheusScrapesTheApiAndEveryWorkerOnTheServicePort() {
    Path config = hostPath("prometheus", "/etc/prometheus/prometheus.yml");
    assertThat(config).isEqualTo(Repo.path("deploy/prometheus/prometheus.yml"));
    List<Map<String, Object>> jobs = listAt(Yamls.file(config), "scrape_configs");
    assertThat(jobs)
        .extracting(j -> j.get("job_name"))
        .containsExactly("taper-api", "taper-worker");
    for (Map<String, Object> job : jobs) {
      assertThat(job.get("metrics_path")).isEqualTo(ServiceContract.PROMETHEUS);
    }
    List<Object> apiTargets = list(listAt(jobs.get(0), "static_configs").get(0).get("targets"));
    assertThat(apiTargets).containsExactly("api:" + ServiceContract.port());
    Map<String, Object> workers = listAt(jobs.get(1), "dns_sd_configs").get(0);
    assertThat(list(workers.get("names"))).containsExactly("worker");
    assertThat(workers.get("port")).isEqualTo(ServiceContract.port());
    assertThat(SERVICES).containsKeys("api", "worker");
  }

  @Test
  void grafanaIsProvisionedWithTheDashboardsAndPrometheus() {
    Path provisioning = hostPath("grafana", "/etc/grafana/provisioning");
    Path dashboards = hostPath("grafana", "/var/lib/grafana/dashboards/taper");
    assertThat(provisioning).isEqualTo(Repo.path("deploy/grafana/provisioning"));
    assertThat(dashboards).isEqualTo(Repo.path("deploy/grafana/dashboards"));

    Map<String, Object> provider =
        listAt(Yamls.file(provisioning.resolve("dashboards/taper.yml")), "providers").get(0);
    assertThat(string(provider, "options.path")).isEqualTo("/var/lib/grafana/dashboards/taper");
    Map<String, Object> datasource =
        listAt(Yamls.file(provisioning.resolve("datasources/prometheus.yml")), "datasources")
            .get(0);
    assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090");
    assertThat(list(at(SERVICES, "prometheus.ports"))).containsExactly("9090:9090");
    assertThat(string(SERVICES, "grafana.environment.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
        .satisfies(home -> assertThat(dashboards.resolve(Path.of(home).getFileName())).exists());
  }

  /** The host side of a bind mount (source:target[:ro]), which must exist. */
  private static Path hostPath(String service, String target) {
    String source =
        mountTarget(service, target)
            .orElseThrow(() -> new AssertionError(service + " mounts nothing at " + target));
    Path path = Repo.root().resolve(source).normalize();
    assertThat(path).as("%s mount source", service).exists();
    return path;
  }

  private static Optional<String> mountTarget(String service, String target) {
    return ((List<?>) at(SERVICES, service + ".volumes"))
        .stream()
            .map(Object::toString)
            .map(v -> v.split(":"))
            .filter(parts -> parts[1].equals(target))
            .map(parts -> parts[0])
            .findFirst();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }
}
