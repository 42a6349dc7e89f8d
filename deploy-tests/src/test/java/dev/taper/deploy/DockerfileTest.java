package dev.taper.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Dockerfile's promises that can be read without a Docker engine. */
class DockerfileTest {

  private static final String DOCKERFILE = read("Dockerfile");

  @Test
  void cpuByDefaultWithTheFlavourPassedToMaven() {
    assertThat(DOCKERFILE).contains("ARG PYTORCH_FLAVOR=cpu").contains("-Dpytorch.flavor=");
  }

  @Test
  void tagsAreTheChartsAppVersionForCpuAndTheVersionDashGpuForGpu() {
    String version = HelmChartTest.appVersion();
    assertThat(DOCKERFILE)
        .contains("ARG TAPER_VERSION=" + version)
        .contains("org.opencontainers.image.version=\"${TAPER_VERSION}\"");
    List<String> tags = lines("docker build -t (\\S+)");
    assertThat(tags).containsExactly("taper:" + version, "taper:" + version + "-gpu");
    assertThat(DOCKERFILE)
        .contains(
            "docker build -t taper:"
                + version
                + "-gpu \\\n#                     --build-arg PYTORCH_FLAVOR=cu128");
  }

  @Test
  void runsOfflineFromNativesExtractedAtBuildTime() {
    assertThat(DOCKERFILE)
        .contains("-Dai.djl.offline=true")
        .contains("DJL_CACHE_DIR=/opt/djl")
        .contains("ENGINE_CACHE_DIR=/opt/djl")
        .contains("dev.taper.observability.EngineInfo")
        .contains("COPY --from=build --chown=taper:taper /opt/djl /opt/djl");
    assertThat(
            Files.exists(
                Repo.path("service/src/main/java/dev/taper/observability/EngineInfo.java")))
        .isTrue();
  }

  @Test
  void buildsOnAJdkAndRunsAsNonRootOnAJreExposingTheServicePort() {
    List<String> froms = lines("^FROM (\\S+)");
    assertThat(froms).hasSize(2);
    assertThat(froms.get(0)).contains("17-jdk");
    assertThat(froms.get(1)).contains("17-jre");
    assertThat(lines("^USER (\\S+)")).containsExactly("10001:10001");
    assertThat(lines("^EXPOSE (\\d+)")).containsExactly(String.valueOf(ServiceContract.port()));
    assertThat(DOCKERFILE).contains("TAPER_HOME=" + ServiceContract.CONTAINER_HOME);
  }

  @Test
  void copiesOnlyFilesThatExistAndTheBuildContextKeeps() {
    for (String script : List.of("deploy/docker/entrypoint.sh", "deploy/docker/healthcheck.sh")) {
      assertThat(DOCKERFILE).contains(script);
      assertThat(Files.isExecutable(Repo.path(script))).as(script).isTrue();
    }
    String dockerignore = read(".dockerignore");
    assertThat(dockerignore.lines())
        .doesNotContain("deploy/", "deploy/docker/", "service/", "mvnw", ".mvn/");
    assertThat(read("deploy/docker/healthcheck.sh")).contains("/actuator/health/");
  }

  private static List<String> lines(String regex) {
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(DOCKERFILE);
    return m.results().map(r -> r.group(1)).toList();
  }

  private static String read(String path) {
    try {
      return Files.readString(Repo.path(path));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
