package dev.taper.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The values files users start from: each lints and renders, and everything rendered (hooks
 * included) reads strictly into Kubernetes' typed model. The defaults alone do not render: they
 * choose no storage.
 */
class ChartExamplesTest {

  static Stream<ChartValues> examples() {
    return Stream.of(
        ChartValues.of(ChartValues.S3),
        ChartValues.of(ChartValues.PVC),
        ChartValues.of(ChartValues.TRIAL),
        ChartValues.of(ChartValues.CPU, ChartValues.S3),
        ChartValues.of(ChartValues.CPU, ChartValues.PVC),
        ChartValues.of(ChartValues.PVC, ChartValues.GPU));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void lintPasses(ChartValues values) {
    LintResult lint = values.lint();
    assertThat(lint.isFailed())
        .as("helm lint --strict %s: %s", values, lint.getMessages())
        .isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyManifestReadsStrictlyIntoTheTypedModel(ChartValues values) {
    ChartValues everything =
        values
            .withHooksAsPlainResources()
            .set("monitoring.serviceMonitor.enabled", true)
            .set("monitoring.prometheusRule.enabled", true);
    List<HasMetadata> resources = everything.render().resources();

    assertThat(resources).extracting(HasMetadata::getKind).contains("Deployment", "Job");
    assertThat(resources)
        .extracting(r -> r.getApiVersion() + "/" + r.getKind())
        .allSatisfy(type -> assertThat(StrictManifestParser.TYPES).containsKey(type));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void migrationsAreAHookByDefault(ChartValues values) {
    // helm-java's template returns the release manifest, which holds no hooks
    assertThat(values.render().resources())
        .extracting(HasMetadata::getKind)
        .contains("Deployment")
        .doesNotContain("Job");
  }

  /**
   * helm lint checks the chart's structure, but in its lint mode `fail` only logs: the defaults
   * lint clean, and it is `helm template` (and install) that stops them.
   */
  @Test
  void theDefaultsLintButDoNotRenderAndSayWhatToSet() {
    LintResult lint = ChartValues.defaults().lint();
    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();

    String error = ChartValues.defaults().renderError();
    assertThat(error)
        .contains("storage.type is not set")
        .contains("storage.type=s3")
        .contains("storage.s3.bucket")
        .contains("storage.s3.credentials.existingSecret")
        .contains("storage.type=pvc")
        .contains("storage.pvc.existingClaim")
        .contains("examples/values-s3.yaml")
        .contains("examples/values-pvc.yaml");
  }

  @Test
  void theCpuValuesAloneStillNeedAStorageChoice() {
    assertThat(ChartValues.of(ChartValues.CPU).renderError()).contains("storage.type is not set");
  }
}
