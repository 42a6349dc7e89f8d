package dev.taper.deploy;

import static dev.taper.deploy.Manifests.env;
import static dev.taper.deploy.Manifests.envValue;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Workers run as many libtorch threads as their CPU limit allows, and the JVM's heap leaves room
 * for libtorch's native memory under the memory limit.
 */
class ChartWorkerResourcesTest {

  @ParameterizedTest(name = "CPU limit {0} gives {1} threads")
  @CsvSource({"2, 2", "8, 8", "2500m, 2", "1000m, 1", "500m, 1", "3.7, 3", "0.5, 1"})
  void libtorchThreadsFollowTheCpuLimitRoundedDownAtLeastOne(String limit, int threads) {
    Manifests manifests =
        ChartValues.of(ChartValues.S3, ChartValues.GPU)
            .set("worker.resources.limits.cpu", limit)
            .set("gpuWorkers.resources.limits.cpu", limit)
            .render();
    for (String component : new String[] {"worker", "gpu-worker"}) {
      Container worker = manifests.container(component);
      assertThat(envValue(worker, "OMP_NUM_THREADS")).isEqualTo(String.valueOf(threads));
      assertThat(envValue(worker, "JAVA_OPTS"))
          .contains("-Dai.djl.pytorch.num_threads=" + threads)
          .contains("-Dai.djl.pytorch.num_interop_threads=1");
    }
  }

  @Test
  void theDefaultWorkersRunTwoThreadsOnTwoCpus() {
    Container worker = ChartValues.of(ChartValues.S3).render().container("worker");
    assertThat(worker.getResources().getLimits().get("cpu").toString()).isEqualTo("2");
    assertThat(envValue(worker, "OMP_NUM_THREADS")).isEqualTo("2");
  }

  @Test
  void theHeapIsAQuarterOfAWorkersMemoryAndMostOfTheApis() {
    Manifests manifests =
        ChartValues.of(ChartValues.S3, ChartValues.GPU).withHooksAsPlainResources().render();
    assertThat(envValue(manifests.container("worker"), "JAVA_OPTS"))
        .startsWith("-XX:MaxRAMPercentage=25 ");
    assertThat(envValue(manifests.container("gpu-worker"), "JAVA_OPTS"))
        .startsWith("-XX:MaxRAMPercentage=25 ");
    Container api = manifests.container("api");
    assertThat(envValue(api, "JAVA_OPTS")).isEqualTo("-XX:MaxRAMPercentage=70");
    assertThat(env(api)).doesNotContainKey("OMP_NUM_THREADS");
    Container migrate =
        manifests.of(Job.class).get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(envValue(migrate, "JAVA_OPTS")).isEqualTo("-XX:MaxRAMPercentage=70");
  }

  @Test
  void theUsersJavaOptsComeLastSoTheyWin() {
    Container worker =
        ChartValues.of(ChartValues.S3)
            .set("javaOpts", "-XX:MaxRAMPercentage=40 -Dfoo=bar")
            .render()
            .container("worker");
    assertThat(envValue(worker, "JAVA_OPTS"))
        .isEqualTo(
            "-XX:MaxRAMPercentage=25 -Dai.djl.pytorch.num_threads=2"
                + " -Dai.djl.pytorch.num_interop_threads=1 -XX:MaxRAMPercentage=40 -Dfoo=bar");
  }

  @Test
  void aWorkerWithoutACpuLimitIsRefused() {
    assertThat(
            ChartValues.of(ChartValues.S3).set("worker.resources.limits.cpu", "null").renderError())
        .contains("/worker/resources/limits")
        .contains("cpu");
  }

  @Test
  void everyLongRunningContainerHasAMemoryLimitForTheHeapShareToApplyTo() {
    Manifests manifests = ChartValues.of(ChartValues.S3, ChartValues.GPU).render();
    for (Container container : manifests.allContainers()) {
      assertThat(container.getResources().getLimits()).containsKey("memory");
    }
  }

  @Test
  void everyPodThatTrainsHasTimeToHandItsStageBackOnShutdown() {
    int needed = ServiceContract.shutdownSeconds();
    Manifests cluster = ChartValues.of(ChartValues.S3, ChartValues.GPU).render();
    Manifests trial = ChartValues.of(ChartValues.TRIAL).render();
    for (Deployment deployment :
        List.of(
            cluster.deployment("worker").orElseThrow(),
            cluster.deployment("gpu-worker").orElseThrow(),
            trial.deployment("api").orElseThrow())) {
      assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
          .as("%s: drain, then hand back", deployment.getMetadata().getName())
          .isGreaterThan(needed);
    }
  }
}
