package dev.taper.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A kube-prometheus-stack Prometheus finds Taper: the ServiceMonitor and the PrometheusRule carry
 * the labels it selects on, and the rule holds exactly the alerts of deploy/prometheus/alerts.yml.
 */
class ChartMonitoringTest {

  static final Path ALERTS = Repo.path("deploy/prometheus/alerts.yml");
  static final Path CHART_ALERTS = Repo.path("helm/taper/alerts/taper.rules.yml");

  @Test
  void theServiceMonitorAndTheRuleAreOffByDefault() {
    Manifests manifests = ChartValues.of(ChartValues.S3).render();
    assertThat(manifests.of(ServiceMonitor.class)).isEmpty();
    assertThat(manifests.of(PrometheusRule.class)).isEmpty();
  }

  @Test
  void theServiceMonitorCarriesTheReleaseLabelAndScrapesApiAndEveryWorkerService() {
    Manifests manifests =
        ChartValues.of(ChartValues.S3, ChartValues.GPU)
            .set("monitoring.serviceMonitor.enabled", true)
            .set("monitoring.serviceMonitor.labels.release", "kube-prometheus-stack")
            .render();
    ServiceMonitor monitor = manifests.of(ServiceMonitor.class).get(0);

    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    assertThat(monitor.getSpec().getEndpoints())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getPort()).isEqualTo("http");
              assertThat(e.getPath()).isEqualTo(ServiceContract.PROMETHEUS);
            });
    assertThat(manifests.of(Service.class)).hasSize(3);
    for (Service service : manifests.of(Service.class)) {
      assertThat(service.getMetadata().getLabels())
          .containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
      assertThat(monitor.getSpec().getSelector().getMatchExpressions().get(0).getValues())
          .contains(service.getMetadata().getLabels().get(Manifests.COMPONENT));
    }
  }

  @Test
  void thePrometheusRuleCarriesItsLabelsAndExactlyTheComposeAlerts() throws IOException {
    PrometheusRule rule =
        ChartValues.of(ChartValues.S3)
            .set("monitoring.prometheusRule.enabled", true)
            .set("monitoring.prometheusRule.labels.release", "kube-prometheus-stack")
            .render()
            .of(PrometheusRule.class)
            .get(0);

    assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    ObjectMapper json = new ObjectMapper();
    JsonNode rendered = json.valueToTree(rule.getSpec());
    JsonNode source = new YAMLMapper().readTree(ALERTS.toFile());
    assertThat(rendered.path("groups")).isEqualTo(normalised(json, source.path("groups")));
  }

  @Test
  void theChartsAlertsAreAnExactCopyOfDeployPrometheusAlerts() throws IOException {
    assertThat(Files.readString(CHART_ALERTS))
        .as("cp deploy/prometheus/alerts.yml helm/taper/alerts/taper.rules.yml")
        .isEqualTo(Files.readString(ALERTS));
  }

  /** The source rules through the same typed model, so both sides print fields alike. */
  private static JsonNode normalised(ObjectMapper json, JsonNode groups) throws IOException {
    PrometheusRule rule = new PrometheusRule();
    rule.setSpec(
        json.treeToValue(
            json.createObjectNode().set("groups", groups),
            io.fabric8.openshift.api.model.monitoring.v1.PrometheusRuleSpec.class));
    return json.valueToTree(rule.getSpec()).path("groups");
  }
}
