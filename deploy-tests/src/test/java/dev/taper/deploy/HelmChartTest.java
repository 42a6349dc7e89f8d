package dev.taper.deploy;

import static dev.taper.deploy.Yamls.at;
import static dev.taper.deploy.Yamls.listAt;
import static dev.taper.deploy.Yamls.mapAt;
import static dev.taper.deploy.Yamls.string;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lints and renders helm/taper with helm's own code (helm-java) and checks what comes out. */
class HelmChartTest {

  private static final Path CHART = ChartValues.CHART;
  private static final String GPU = "nvidia.com/gpu";

  @Test
  void gpuWorkersAreOptIn() {
    List<Map<String, Object>> docs = render(defaults());
    assertThat(kind(docs, "Deployment"))
        .extracting(d -> string(d, "metadata.name"))
        .containsExactlyInAnyOrder("taper-api", "taper-worker");
    for (Map<String, Object> container : allContainers(docs)) {
      assertThat(mapAt(container, "resources.limits")).doesNotContainKey(GPU);
    }
  }

  @Test
  void gpuWorkersRequestAGpuEachRunOnGpuNodesAndRunTheGpuImage() {
    List<Map<String, Object>> docs = render(defaults().set("gpuWorkers.enabled", true));
    Map<String, Object> worker = podSpec(docs, "Deployment", "gpu-worker");
    Map<String, Object> container = listAt(worker, "containers").get(0);

    assertThat(mapAt(container, "resources.limits")).containsEntry(GPU, 1);
    assertThat(mapAt(worker, "nodeSelector")).containsEntry("nvidia.com/gpu.present", "true");
    assertThat(listAt(worker, "tolerations"))
        .anySatisfy(t -> assertThat(t).containsEntry("key", GPU));
    assertThat(string(container, "image")).isEqualTo("taper:" + appVersion() + "-gpu");
    // the CPU workers stay as they are beside them
    Map<String, Object> cpuWorker =
        listAt(podSpec(docs, "Deployment", "worker"), "containers").get(0);
    assertThat(mapAt(cpuWorker, "resources.limits")).doesNotContainKey(GPU);
    assertThat(string(cpuWorker, "image")).isEqualTo("taper:" + appVersion());
  }

  @Test
  void theGpuCountPerWorkerIsConfigurable() {
    Map<String, Object> worker =
        podSpec(
            render(defaults().set("gpuWorkers.enabled", true).set("gpuWorkers.gpusPerPod", 2)),
            "Deployment",
            "gpu-worker");
    assertThat(mapAt(listAt(worker, "containers").get(0), "resources.limits"))
        .containsEntry(GPU, 2);
  }

  @Test
  void everyImageIsTaperAtTheChartsAppVersionUnlessTagged() {
    List<Map<String, Object>> docs =
        render(withHooksAsPlainResources().set("gpuWorkers.enabled", true));
    for (String component : List.of("api", "worker")) {
      assertThat(
              string(listAt(podSpec(docs, "Deployment", component), "containers").get(0), "image"))
          .isEqualTo("taper:" + appVersion());
    }
    assertThat(string(listAt(podSpec(docs, "Job", "migrate"), "containers").get(0), "image"))
        .isEqualTo("taper:" + appVersion());

    List<Map<String, Object>> tagged =
        render(defaults().set("gpuWorkers.enabled", true).set("image.tag", "0.2.0-rc1"));
    assertThat(string(listAt(podSpec(tagged, "Deployment", "api"), "containers").get(0), "image"))
        .isEqualTo("taper:0.2.0-rc1");
    assertThat(
            string(
                listAt(podSpec(tagged, "Deployment", "gpu-worker"), "containers").get(0), "image"))
        .isEqualTo("taper:0.2.0-rc1-gpu");
  }

  @Test
  void cpuValuesRunCpuWorkersOnlyOnTheApisImageSizedForTraining() {
    List<Map<String, Object>> docs = render(cpu());
    Map<String, Object> worker = podSpec(docs, "Deployment", "worker");

    for (Map<String, Object> container : allContainers(docs)) {
      assertThat(mapAt(container, "resources.limits")).doesNotContainKey(GPU);
      assertThat(mapAt(container, "resources.requests")).doesNotContainKey(GPU);
    }
    assertThat(kind(docs, "Deployment")).hasSize(2);
    assertThat(at(worker, "nodeSelector")).isNull();
    assertThat(at(worker, "tolerations")).isNull();
    Map<String, Object> container = listAt(worker, "containers").get(0);
    assertThat(string(container, "image"))
        .isEqualTo(
            string(listAt(podSpec(docs, "Deployment", "api"), "containers").get(0), "image"));
    assertThat(string(container, "resources.limits.cpu")).isEqualTo("4");
    assertThat(env(container).get("OMP_NUM_THREADS")).containsEntry("value", "4");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void everyLongRunningContainerHasProbesOnTheActuatorPathsAndTheServicePort(boolean cpu) {
    List<Map<String, Object>> docs = render(cpu ? cpu() : defaults());
    List<Map<String, Object>> deployments = kind(docs, "Deployment");
    assertThat(deployments).hasSize(2);
    for (Map<String, Object> deployment : deployments) {
      for (Map<String, Object> container : listAt(deployment, "spec.template.spec.containers")) {
        assertThat(string(container, "livenessProbe.httpGet.path"))
            .isEqualTo(ServiceContract.LIVENESS);
        assertThat(string(container, "readinessProbe.httpGet.path"))
            .isEqualTo(ServiceContract.READINESS);
        assertThat(string(container, "startupProbe.httpGet.path"))
            .isEqualTo(ServiceContract.LIVENESS);
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
          assertThat(portNumber(container, string(container, probe + ".httpGet.port")))
              .isEqualTo(ServiceContract.port());
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void everyContainerHasResourceRequestsAndAMemoryLimit(boolean cpu) {
    TemplateCommand values = (cpu ? cpu() : defaults()).set("migrations.hook", false);
    List<Map<String, Object>> containers = allContainers(render(values));
    assertThat(containers).hasSize(3);
    for (Map<String, Object> container : containers) {
      assertThat(mapAt(container, "resources.requests")).containsKeys("cpu", "memory");
      assertThat(mapAt(container, "resources.limits")).containsKey("memory");
    }
  }

  @Test
  void databaseCredentialsComeFromTheChartsSecret() {
    List<Map<String, Object>> docs = render(withHooksAsPlainResources());
    List<Map<String, Object>> secrets = kind(docs, "Secret");
    assertThat(secrets).hasSize(1);
    Map<String, Object> secret = secrets.get(0);

    for (Map<String, Object> container : allContainers(docs)) {
      for (String name : List.of("SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD")) {
        Map<String, Object> var = env(container).get(name);
        assertThat(var).as("%s in %s", name, container.get("name")).doesNotContainKey("value");
        assertThat(string(var, "valueFrom.secretKeyRef.name"))
            .isEqualTo(string(secret, "metadata.name"));
        assertThat(mapAt(secret, "stringData"))
            .containsKey(string(var, "valueFrom.secretKeyRef.key"));
      }
    }
  }

  @Test
  void anExistingSecretReplacesTheChartsSecret() {
    List<Map<String, Object>> docs =
        render(
            withHooksAsPlainResources()
                .set("database.existingSecret", "prod-db")
                .set("database.secretKeys.password", "pg-password"));

    assertThat(kind(docs, "Secret")).isEmpty();
    for (Map<String, Object> container : allContainers(docs)) {
      Map<String, Object> password = env(container).get("SPRING_DATASOURCE_PASSWORD");
      assertThat(string(password, "valueFrom.secretKeyRef.name")).isEqualTo("prod-db");
      assertThat(string(password, "valueFrom.secretKeyRef.key")).isEqualTo("pg-password");
    }
  }

  @Test
  void theMigrationJobRunsRoleMigrateWhileApiAndWorkersLeaveFlywayAlone() {
    List<Map<String, Object>> docs = render(withHooksAsPlainResources());
    List<Map<String, Object>> jobs = kind(docs, "Job");
    assertThat(jobs).hasSize(1);
    Map<String, Map<String, Object>> jobEnv =
        env(listAt(jobs.get(0), "spec.template.spec.containers").get(0));
    assertThat(jobEnv.get("TAPER_ROLE")).containsEntry("value", "migrate");
    assertThat(jobEnv.get("SPRING_FLYWAY_ENABLED")).containsEntry("value", "true");
    assertThat(string(jobs.get(0), "spec.template.spec.restartPolicy")).isEqualTo("Never");
    for (String component : List.of("api", "worker")) {
      Map<String, Object> container =
          listAt(podSpec(docs, "Deployment", component), "containers").get(0);
      assertThat(env(container).get("SPRING_FLYWAY_ENABLED")).containsEntry("value", "false");
    }
  }

  /**
   * helm-java's template returns the release manifest without hooks (as Helm stores them apart), so
   * the default render proving the Job, Secret and ServiceAccount absent shows they are hooks; the
   * hook annotations themselves are read from the templates.
   */
  @Test
  void migrationsRunAsAPreInstallAndPreUpgradeHookAfterTheSecretTheyRead() throws IOException {
    List<Map<String, Object>> docs = render(defaults());
    assertThat(kind(docs, "Job")).isEmpty();
    assertThat(kind(docs, "Secret")).isEmpty();
    assertThat(kind(docs, "ServiceAccount")).isEmpty();

    String job = Files.readString(CHART.resolve("templates/migrations-job.yaml"));
    assertThat(job)
        .contains("helm.sh/hook: pre-install,pre-upgrade")
        .contains("helm.sh/hook-weight: \"0\"");
    for (String template : List.of("templates/secret.yaml", "templates/serviceaccount.yaml")) {
      assertThat(Files.readString(CHART.resolve(template)))
          .as(template)
          .contains("helm.sh/hook: pre-install,pre-upgrade")
          .contains("helm.sh/hook-weight: \"-10\"");
    }
  }

  @Test
  void withoutTheMigrationJobTheApiMigratesAtStartUp() {
    List<Map<String, Object>> docs = render(defaults().set("migrations.enabled", false));
    assertThat(kind(docs, "Job")).isEmpty();
    assertThat(
            env(listAt(podSpec(docs, "Deployment", "api"), "containers").get(0))
                .get("SPRING_FLYWAY_ENABLED"))
        .containsEntry("value", "true");
    assertThat(
            env(listAt(podSpec(docs, "Deployment", "worker"), "containers").get(0))
                .get("SPRING_FLYWAY_ENABLED"))
        .containsEntry("value", "false");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void environmentPortsAndImagesMatchTheService(boolean cpu) {
    List<Map<String, Object>> docs =
        render((cpu ? cpu() : defaults()).set("migrations.hook", false));
    assertThat(allContainers(docs)).hasSize(3);
    for (Map<String, Object> container : allContainers(docs)) {
      Map<String, Map<String, Object>> env = env(container);
      assertThat(env.keySet()).containsAll(ServiceContract.REQUIRED_ENV);
      assertThat(ServiceContract.KNOWN_ENV).containsAll(env.keySet());
      assertThat(ServiceContract.ROLES).contains(string(env.get("TAPER_ROLE"), "value"));
      assertThat(string(container, "name")).isEqualTo(string(env.get("TAPER_ROLE"), "value"));
      assertThat(string(env.get("SERVER_PORT"), "value"))
          .isEqualTo(String.valueOf(ServiceContract.port()));
      assertThat(string(env.get("TAPER_HOME"), "value")).isEqualTo(ServiceContract.CONTAINER_HOME);
      assertThat(string(env.get(ServiceContract.HTTP_LATENCY_BUCKETS_ENV), "value"))
          .isEqualTo(ServiceContract.HTTP_LATENCY_BUCKETS);
      assertThat(listAt(container, "volumeMounts"))
          .anySatisfy(
              m -> assertThat(m).containsEntry("mountPath", ServiceContract.CONTAINER_HOME));
      assertThat(string(container, "image")).isEqualTo("taper:" + appVersion());
    }
    for (Map<String, Object> deployment : kind(docs, "Deployment")) {
      Map<String, Object> container = listAt(deployment, "spec.template.spec.containers").get(0);
      assertThat(portNumber(container, "http")).isEqualTo(ServiceContract.port());
      assertThat(at(deployment, "spec.template.spec.securityContext.runAsNonRoot")).isEqualTo(true);
    }
  }

  @Test
  void servicesRouteToTheNamedHttpPort() {
    List<Map<String, Object>> docs = render(defaults());
    List<Map<String, Object>> services = kind(docs, "Service");
    assertThat(services)
        .extracting(s -> string(s, "metadata.name"))
        .containsExactlyInAnyOrder("taper-api", "taper-worker");
    for (Map<String, Object> service : services) {
      assertThat(listAt(service, "spec.ports").get(0)).containsEntry("targetPort", "http");
    }
  }

  @Test
  void theDashboardsConfigMapCarriesEveryDashboardForTheGrafanaSidecar() throws IOException {
    Map<String, Object> configMap = kind(render(defaults()), "ConfigMap").get(0);
    assertThat(mapAt(configMap, "metadata.labels")).containsEntry("grafana_dashboard", "1");

    Map<String, Object> data = mapAt(configMap, "data");
    Map<String, String> expected = new HashMap<>();
    for (Path file : dashboardFiles(Repo.path("deploy/grafana/dashboards"))) {
      expected.put("taper-" + file.getFileName(), Files.readString(file).stripTrailing());
    }
    assertThat(data.keySet()).isEqualTo(expected.keySet());
    expected.forEach(
        (key, json) -> assertThat(data.get(key).toString().stripTrailing()).isEqualTo(json));
  }

  @Test
  void theChartsDashboardsAreExactCopiesOfDeployGrafanaDashboards() throws IOException {
    Path source = Repo.path("deploy/grafana/dashboards");
    Path copy = CHART.resolve("dashboards");
    List<Path> sources = dashboardFiles(source);
    assertThat(sources).hasSize(4);
    assertThat(dashboardFiles(copy).stream().map(p -> p.getFileName().toString()))
        .as("cp deploy/grafana/dashboards/*.json helm/taper/dashboards/")
        .containsExactlyInAnyOrderElementsOf(
            sources.stream().map(p -> p.getFileName().toString()).toList());
    for (Path file : sources) {
      assertThat(Files.readString(copy.resolve(file.getFileName())))
          .as("helm/taper/dashboards/%s differs from deploy/grafana/dashboards", file.getFileName())
          .isEqualTo(Files.readString(file));
    }
  }

  static List<Path> dashboardFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  /** The chart's defaults with the S3 example, the least a release needs to render. */
  private static TemplateCommand defaults() {
    return new Helm(CHART)
        .template()
        .withName("taper")
        .withNamespace("taper")
        .withValuesFile(CHART.resolve(ChartValues.S3));
  }

  private static TemplateCommand withHooksAsPlainResources() {
    return defaults().set("migrations.hook", false);
  }

  private static TemplateCommand cpu() {
    return defaults().withValuesFile(CHART.resolve(ChartValues.CPU));
  }

  static String appVersion() {
    return Yamls.file(CHART.resolve("Chart.yaml")).get("appVersion").toString();
  }

  private static List<Map<String, Object>> render(TemplateCommand command) {
    return Yamls.documents(command.call());
  }

  private static List<Map<String, Object>> kind(List<Map<String, Object>> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  private static Map<String, Object> podSpec(
      List<Map<String, Object>> docs, String kind, String component) {
    return kind(docs, kind).stream()
        .filter(
            d -> component.equals(mapAt(d, "metadata.labels").get("app.kubernetes.io/component")))
        .findFirst()
        .map(d -> mapAt(d, "spec.template.spec"))
        .orElseThrow(() -> new AssertionError("no " + kind + " for " + component));
  }

  /** Containers of every workload: the Deployments and the migration Job. */
  private static List<Map<String, Object>> allContainers(List<Map<String, Object>> docs) {
    return docs.stream()
        .filter(d -> Set.of("Deployment", "Job").contains(d.get("kind")))
        .flatMap(d -> listAt(d, "spec.template.spec.containers").stream())
        .toList();
  }

  private static Map<String, Map<String, Object>> env(Map<String, Object> container) {
    return listAt(container, "env").stream()
        .collect(Collectors.toMap(e -> e.get("name").toString(), e -> e));
  }

  /** A probe's or Service's port, which may be a number or the name of a container port. */
  private static int portNumber(Map<String, Object> container, String port) {
    if (port.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(port);
    }
    return listAt(container, "ports").stream()
        .filter(p -> port.equals(p.get("name")))
        .map(p -> ((Number) p.get("containerPort")).intValue())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port named " + port));
  }
}
