package dev.taper.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** The parser the chart tests rely on refuses what the API server refuses. */
class StrictManifestParserTest {

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: x
      spec:
        selector:
          matchLabels: {app: x}
        template:
          metadata:
            labels: {app: x}
          spec:
            containers:
              - name: x
                image: x:1
                %s
      """;

  @Test
  void aWellFormedDeploymentReadsIntoTheTypedModel() {
    assertThat(StrictManifestParser.parse(DEPLOYMENT.formatted("env: [{name: A, value: \"1\"}]")))
        .singleElement()
        .isInstanceOf(Deployment.class);
  }

  @Test
  void anUnknownFieldFails() {
    assertThatThrownBy(() -> StrictManifestParser.parse(DEPLOYMENT.formatted("envs: []")))
        .hasMessageContaining("envs");
  }

  @Test
  void aNumberWhereAStringBelongsFails() {
    assertThatThrownBy(
            () -> StrictManifestParser.parse(DEPLOYMENT.formatted("env: [{name: A, value: 1}]")))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aStringWhereANumberBelongsFails() {
    assertThatThrownBy(
            () ->
                StrictManifestParser.parse(
                    DEPLOYMENT.formatted("ports: [{containerPort: \"8080\"}]")))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aDuplicateKeyFails() {
    assertThatThrownBy(() -> StrictManifestParser.parse(DEPLOYMENT.formatted("image: y:1")))
        .hasMessageContaining("image");
  }

  @Test
  void aKindWithoutATypedModelFails() {
    assertThatThrownBy(
            () -> StrictManifestParser.parse("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n"))
        .hasMessageContaining("v1/Pod");
  }
}
