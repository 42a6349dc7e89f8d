package dev.taper.deploy;

import static dev.taper.deploy.Yamls.listAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Taper's alerts (deploy/prometheus/alerts.yml, the chart's PrometheusRule holds the same rules):
 * promtool accepts them and their unit tests pass, every alert is tested firing and quiet, and
 * every series they read is one Taper exports.
 */
class AlertRulesTest {

  private static final String RULES = "deploy/prometheus/alerts.yml";
  private static final String RULE_TESTS = "deploy/prometheus/alerts.test.yml";
  private static final Set<String> ALERTS =
      Set.of(
          "TaperNoLiveWorker",
          "TaperStageFailingRepeatedly",
          "TaperLeaseReclaimedRepeatedly",
          "TaperJobsQueuedTooLong",
          "TaperArtifactStoreErrors");

  @Test
  void promtoolAcceptsTheRules() {
    Promtool.Result check = Promtool.run("check", "rules", RULES);
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: " + ALERTS.size() + " rules found");
  }

  @Test
  void promtoolsUnitTestsOfTheRulesPass() {
    Promtool.Result test = Promtool.run("test", "rules", RULE_TESTS);
    assertThat(test.exitCode()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  @Test
  void promtoolAcceptsComposesPrometheusConfigWithTheRules() {
    Promtool.Result check = Promtool.run("check", "config", "deploy/prometheus/prometheus.yml");
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: 1 rule files found");
  }

  @Test
  void theRulesAreTheAlertsTheyShouldBe() {
    assertThat(alerts())
        .extracting(a -> a.get("alert"))
        .containsExactlyInAnyOrderElementsOf(ALERTS);
    for (Map<String, Object> alert : alerts()) {
      assertThat(Yamls.string(alert, "labels.severity")).isIn("warning", "critical");
      assertThat(Yamls.mapAt(alert, "annotations")).containsKeys("summary", "description");
    }
  }

  @Test
  void everyAlertIsTestedFiringAndQuiet() {
    Set<String> firing = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    for (Map<String, Object> test : listAt(Yamls.file(Repo.path(RULE_TESTS)), "tests")) {
      for (Map<String, Object> check : listAt(test, "alert_rule_test")) {
        String alert = check.get("alertname").toString();
        (listAt(check, "exp_alerts").isEmpty() ? quiet : firing).add(alert);
      }
    }
    assertThat(firing).as("alerts tested firing").isEqualTo(new TreeSet<>(ALERTS));
    assertThat(quiet).as("alerts tested quiet").isEqualTo(new TreeSet<>(ALERTS));
  }

  @Test
  void everySeriesTheAlertsReadIsOneTaperExports() {
    for (Map<String, Object> alert : alerts()) {
      String expr = alert.get("expr").toString();
      for (String name : Dashboards.metricNames(expr)) {
        assertThat(ExportedMetrics.taperNames())
            .as("%s reads %s", alert.get("alert"), name)
            .contains(name);
      }
    }
  }

  @Test
  void theQueueWaitBucketTheAlertReadsIsOneTaperExports() {
    Matcher le =
        Pattern.compile("taper_queue_wait_seconds_bucket\\{le=\"([^\"]+)\"}")
            .matcher(
                alerts().stream().map(a -> a.get("expr").toString()).reduce("", String::concat));
    assertThat(le.find()).isTrue();
    assertThat(ExportedMetrics.taperScrape())
        .contains("taper_queue_wait_seconds_bucket{kind=\"WIDE\",le=\"" + le.group(1) + "\"}");
  }

  private static List<Map<String, Object>> alerts() {
    Path rules = Repo.path(RULES);
    return listAt(Yamls.file(rules), "groups").stream()
        .flatMap(group -> listAt(group, "rules").stream())
        .toList();
  }
}
