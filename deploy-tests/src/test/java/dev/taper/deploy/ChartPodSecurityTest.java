package dev.taper.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pod the chart renders (api, CPU and GPU workers, the migration Job; init containers
 * included) meets the "restricted" Pod Security Standard, with a read-only root file system and
 * emptyDirs (or the shared claim) only where Taper writes.
 */
class ChartPodSecurityTest {

  /** The volume types the restricted profile allows that the chart uses. */
  private static final Set<String> ALLOWED_VOLUMES = Set.of("emptyDir", "persistentVolumeClaim");

  static Stream<ChartValues> renders() {
    return Stream.concat(
            ChartExamplesTest.examples(),
            Stream.of(ChartValues.of(ChartValues.S3, ChartValues.GPU)))
        .map(ChartValues::withHooksAsPlainResources);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void everyPodIsRestricted(ChartValues values) {
    Map<String, PodSpec> specs = values.render().podSpecs();
    assertThat(specs.keySet()).anyMatch(name -> name.startsWith("Job/"));

    specs.forEach(
        (name, spec) -> {
          PodSecurityContext pod = spec.getSecurityContext();
          assertThat(pod.getRunAsNonRoot()).as("%s runAsNonRoot", name).isTrue();
          assertThat(pod.getRunAsUser()).as("%s runAsUser", name).isPositive();
          assertThat(pod.getSeccompProfile())
              .as("%s seccompProfile", name)
              .extracting(SeccompProfile::getType)
              .isEqualTo("RuntimeDefault");
          assertThat(spec.getHostNetwork()).as(name).isNotEqualTo(Boolean.TRUE);
          assertThat(spec.getHostPID()).as(name).isNotEqualTo(Boolean.TRUE);
          assertThat(spec.getHostIPC()).as(name).isNotEqualTo(Boolean.TRUE);
          assertThat(spec.getAutomountServiceAccountToken()).as(name).isFalse();
          for (Volume volume : spec.getVolumes()) {
            assertThat(volumeType(volume))
                .as("%s volume %s", name, volume.getName())
                .isIn(ALLOWED_VOLUMES);
          }
          for (Container container : containersOf(spec)) {
            assertRestricted(name + "/" + container.getName(), container);
          }
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void containersWriteOnlyToTaperHomeAndTmp(ChartValues values) {
    values
        .render()
        .podSpecs()
        .forEach(
            (name, spec) -> {
              for (Container container : containersOf(spec)) {
                assertThat(container.getVolumeMounts())
                    .as(name)
                    .extracting(VolumeMount::getMountPath)
                    .containsExactlyInAnyOrder(ServiceContract.CONTAINER_HOME, "/tmp");
              }
            });
  }

  private static void assertRestricted(String name, Container container) {
    SecurityContext context = container.getSecurityContext();
    assertThat(context).as("%s securityContext", name).isNotNull();
    assertThat(context.getAllowPrivilegeEscalation())
        .as("%s allowPrivilegeEscalation", name)
        .isFalse();
    assertThat(context.getPrivileged()).as("%s privileged", name).isNotEqualTo(Boolean.TRUE);
    assertThat(context.getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", name).isTrue();
    assertThat(context.getRunAsNonRoot()).as("%s runAsNonRoot", name).isTrue();
    assertThat(context.getCapabilities()).as("%s capabilities", name).isNotNull();
    assertThat(context.getCapabilities().getDrop()).as("%s drops", name).containsExactly("ALL");
    assertThat(context.getCapabilities().getAdd()).as("%s adds", name).isNullOrEmpty();
    assertThat(context.getSeccompProfile())
        .as("%s seccompProfile", name)
        .extracting(SeccompProfile::getType)
        .isEqualTo("RuntimeDefault");
  }

  private static List<Container> containersOf(PodSpec spec) {
    return Stream.of(spec.getInitContainers(), spec.getContainers())
        .filter(list -> list != null)
        .flatMap(List::stream)
        .toList();
  }

  private static String volumeType(Volume volume) {
    if (volume.getEmptyDir() != null) {
      return "emptyDir";
    }
    if (volume.getPersistentVolumeClaim() != null) {
      return "persistentVolumeClaim";
    }
    return "other: " + volume;
  }
}
