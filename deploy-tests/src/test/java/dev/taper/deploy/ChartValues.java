package dev.taper.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of one render of helm/taper, as `helm template -f ... --set ...` takes them: values
 * files (relative to the chart) and then {@code --set} pairs. Release "taper" in namespace "taper".
 */
record ChartValues(List<String> files, Map<String, Object> sets) {

  static final Path CHART = Repo.path("helm/taper");

  static final String S3 = "examples/values-s3.yaml";
  static final String PVC = "examples/values-pvc.yaml";
  static final String TRIAL = "examples/values-trial.yaml";
  static final String GPU = "examples/values-gpu.yaml";
  static final String CPU = "values-cpu.yaml";

  /** The chart's values.yaml alone. */
  static ChartValues defaults() {
    return new ChartValues(List.of(), Map.of());
  }

  static ChartValues of(String... files) {
    return new ChartValues(List.of(files), Map.of());
  }

  ChartValues set(String key, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(sets);
    more.put(key, value);
    return new ChartValues(files, more);
  }

  /**
   * The migration Job, its Secret and ServiceAccount as plain resources: helm-java's template
   * leaves hooks out of what it returns.
   */
  ChartValues withHooksAsPlainResources() {
    return set("migrations.hook", false);
  }

  /** Renders and reads every manifest strictly into the typed model. */
  Manifests render() {
    return new Manifests(StrictManifestParser.parse(renderYaml()));
  }

  String renderYaml() {
    return command().call();
  }

  /** The message `helm template` stops with; fails the test when it renders. */
  String renderError() {
    try {
      command().call();
    } catch (RuntimeException e) {
      return e.getMessage();
    }
    throw new AssertionError("helm template rendered with " + this);
  }

  /**
   * helm lint --strict with these values files. helm-java's lint reads only the chart's own
   * values.yaml, so it lints a copy of the chart whose values.yaml has the files merged in.
   */
  LintResult lint() {
    if (!sets.isEmpty()) {
      throw new IllegalArgumentException("lint takes values files only: " + sets);
    }
    Path chart = ChartCopy.withValuesFiles(CHART, files.stream().map(CHART::resolve).toList());
    try {
      return new Helm(chart).lint().strict().call();
    } finally {
      ChartCopy.delete(chart);
    }
  }

  private TemplateCommand command() {
    TemplateCommand command = new Helm(CHART).template().withName("taper").withNamespace("taper");
    for (String file : files) {
      command = command.withValuesFile(CHART.resolve(file));
    }
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      command = command.set(set.getKey(), set.getValue());
    }
    return command;
  }

  @Override
  public String toString() {
    List<String> args = new ArrayList<>();
    files.forEach(f -> args.add("-f " + f));
    sets.forEach((k, v) -> args.add("--set " + k + "=" + v));
    return args.isEmpty() ? "(default values)" : String.join(" ", args);
  }
}
