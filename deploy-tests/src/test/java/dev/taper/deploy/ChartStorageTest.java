package dev.taper.deploy;

import static dev.taper.deploy.Manifests.env;
import static dev.taper.deploy.Manifests.envValue;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every pod sees the same artifacts: an S3 bucket or one ReadWriteMany claim. The service reads the
 * store from TAPER_STORE and TAPER_S3_*, the credentials from AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY.
 */
class ChartStorageTest {

  private static final List<String> S3_ENV =
      List.of(
          "TAPER_STORE",
          "TAPER_S3_BUCKET",
          "TAPER_S3_PREFIX",
          "TAPER_S3_REGION",
          "TAPER_S3_PATH_STYLE",
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY");

  @Test
  void s3ConfiguresEveryContainerWithTheBucketAndTheSecretsKeyPair() {
    Manifests manifests = ChartValues.of(ChartValues.S3).withHooksAsPlainResources().render();

    assertThat(manifests.allContainers()).hasSize(3);
    for (Container container : manifests.allContainers()) {
      assertThat(envValue(container, "TAPER_STORE")).isEqualTo("s3");
      assertThat(envValue(container, "TAPER_S3_BUCKET")).isEqualTo("taper-artifacts");
      assertThat(envValue(container, "TAPER_S3_PREFIX")).isEqualTo("taper/");
      assertThat(envValue(container, "TAPER_S3_REGION")).isEqualTo("eu-west-1");
      assertThat(envValue(container, "TAPER_S3_PATH_STYLE")).isEqualTo("false");
      assertThat(env(container)).doesNotContainKey("TAPER_S3_ENDPOINT");
      assertSecretKey(container, "AWS_ACCESS_KEY_ID", "taper-s3", "AWS_ACCESS_KEY_ID");
      assertSecretKey(container, "AWS_SECRET_ACCESS_KEY", "taper-s3", "AWS_SECRET_ACCESS_KEY");
    }
    assertThat(manifests.of(PersistentVolumeClaim.class)).isEmpty();
    manifests.podSpecs().values().forEach(spec -> assertThat(home(spec).getEmptyDir()).isNotNull());
  }

  @Test
  void anS3CompatibleStoreTakesAnEndpointPathStyleAndOtherSecretKeys() {
    Manifests manifests =
        ChartValues.of(ChartValues.S3)
            .set("storage.s3.endpoint", "http://minio.minio.svc:9000")
            .set("storage.s3.pathStyle", true)
            .set("storage.s3.credentials.existingSecret", "minio")
            .set("storage.s3.credentials.accessKeyIdKey", "user")
            .set("storage.s3.credentials.secretAccessKeyKey", "password")
            .render();

    for (String component : List.of("api", "worker")) {
      Container container = manifests.container(component);
      assertThat(envValue(container, "TAPER_S3_ENDPOINT")).isEqualTo("http://minio.minio.svc:9000");
      assertThat(envValue(container, "TAPER_S3_PATH_STYLE")).isEqualTo("true");
      assertSecretKey(container, "AWS_ACCESS_KEY_ID", "minio", "user");
      assertSecretKey(container, "AWS_SECRET_ACCESS_KEY", "minio", "password");
    }
  }

  @Test
  void s3NeedsABucketARegionAndASecret() {
    ChartValues s3 = ChartValues.defaults().set("storage.type", "s3");
    assertThat(s3.renderError()).contains("storage.s3.bucket");
    assertThat(s3.set("storage.s3.bucket", "b").renderError()).contains("storage.s3.region");
    assertThat(s3.set("storage.s3.bucket", "b").set("storage.s3.region", "r").renderError())
        .contains("storage.s3.credentials.existingSecret");
  }

  @Test
  void aPvcIsOneReadWriteManyClaimMountedAtTaperHomeInTheApiAndEveryWorker() {
    Manifests manifests = ChartValues.of(ChartValues.PVC, ChartValues.GPU).render();

    PersistentVolumeClaim claim = manifests.of(PersistentVolumeClaim.class).get(0);
    assertThat(manifests.of(PersistentVolumeClaim.class)).hasSize(1);
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("nfs-client");
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("100Gi");
    assertThat(claim.getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep");

    List<Deployment> deployments = manifests.of(Deployment.class);
    assertThat(deployments).hasSize(3);
    for (Deployment deployment : deployments) {
      PodSpec spec = deployment.getSpec().getTemplate().getSpec();
      assertThat(home(spec).getPersistentVolumeClaim().getClaimName())
          .isEqualTo(claim.getMetadata().getName());
      Container container = spec.getContainers().get(0);
      assertThat(envValue(container, "TAPER_STORE")).isEqualTo("filesystem");
      assertThat(env(container).keySet()).noneMatch(S3_ENV.subList(1, S3_ENV.size())::contains);
    }
  }

  @Test
  void anExistingClaimIsMountedAndNoneIsCreated() {
    Manifests manifests =
        ChartValues.of(ChartValues.PVC).set("storage.pvc.existingClaim", "shared-nfs").render();
    assertThat(manifests.of(PersistentVolumeClaim.class)).isEmpty();
    for (Deployment deployment : manifests.of(Deployment.class)) {
      assertThat(home(deployment.getSpec().getTemplate().getSpec()).getPersistentVolumeClaim())
          .satisfies(pvc -> assertThat(pvc.getClaimName()).isEqualTo("shared-nfs"));
    }
  }

  @Test
  void theMigrationJobNeverMountsTheClaimItMayRunBefore() {
    Manifests manifests = ChartValues.of(ChartValues.PVC).withHooksAsPlainResources().render();
    Map<String, PodSpec> specs = manifests.podSpecs();
    assertThat(home(specs.get("Job/taper-migrate")).getEmptyDir()).isNotNull();
  }

  @Test
  void withoutAStoreNoReleaseRendersHoweverFewPodsItHas() {
    for (ChartValues values :
        List.of(
            ChartValues.defaults(),
            ChartValues.defaults().set("api.replicas", 1).set("worker.replicas", 1),
            ChartValues.defaults().set("api.replicas", 1).set("worker.replicas", 0))) {
      assertThat(values.renderError()).as("%s", values).contains("storage.type is not set");
    }
  }

  @Test
  void theTrialIsOnePodRunningApiAndWorkerOnAnEmptyDir() {
    Manifests manifests = ChartValues.of(ChartValues.TRIAL).render();

    assertThat(manifests.of(Deployment.class)).hasSize(1);
    Deployment only = manifests.of(Deployment.class).get(0);
    assertThat(only.getSpec().getReplicas()).isEqualTo(1);
    Container container = only.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(envValue(container, "TAPER_ROLE")).isEqualTo("all");
    assertThat(envValue(container, "TAPER_STORE")).isEqualTo("filesystem");
    assertThat(envValue(container, "OMP_NUM_THREADS")).isEqualTo("2");
    assertThat(home(only.getSpec().getTemplate().getSpec()).getEmptyDir()).isNotNull();
  }

  @Test
  void theTrialPodTrainsSoItNeedsACpuLimitForLibtorchsThreads() {
    ChartValues trialWithTheApisDefaultResources =
        ChartValues.defaults()
            .set("storage.type", "ephemeral")
            .set("api.replicas", 1)
            .set("worker.replicas", 0);
    assertThat(trialWithTheApisDefaultResources.renderError())
        .contains("api.resources.limits.cpu is required");
  }

  @Test
  void theTrialRefusesMoreThanOnePod() {
    assertThat(ChartValues.defaults().set("storage.type", "ephemeral").renderError())
        .contains("storage.type=ephemeral")
        .contains("api.replicas=1, worker.replicas=0 and gpuWorkers.enabled=false");
    assertThat(ChartValues.of(ChartValues.TRIAL).set("gpuWorkers.enabled", true).renderError())
        .contains("storage.type=ephemeral");
  }

  private static Volume home(PodSpec spec) {
    return spec.getVolumes().stream()
        .filter(v -> v.getName().equals("taper-home"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no taper-home volume"));
  }

  private static void assertSecretKey(Container container, String name, String secret, String key) {
    EnvVar var = env(container).get(name);
    assertThat(var).as("%s in %s", name, container.getName()).isNotNull();
    assertThat(var.getValue()).isNull();
    assertThat(var.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret);
    assertThat(var.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(key);
  }
}
