package dev.taper.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What one render of the chart produced, in Kubernetes' typed model. */
record Manifests(List<HasMetadata> resources) {

  static final String COMPONENT = "app.kubernetes.io/component";

  <T extends HasMetadata> List<T> of(Class<T> type) {
    return resources.stream().filter(type::isInstance).map(type::cast).toList();
  }

  Optional<Deployment> deployment(String component) {
    return of(Deployment.class).stream()
        .filter(d -> component.equals(d.getMetadata().getLabels().get(COMPONENT)))
        .findFirst();
  }

  /** The only container of a Deployment's pods, by component; fails when there is none. */
  Container container(String component) {
    Deployment deployment =
        deployment(component)
            .orElseThrow(() -> new AssertionError("no Deployment of component " + component));
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  /** Every pod spec (Deployments and Jobs), by "Kind/name". */
  Map<String, PodSpec> podSpecs() {
    Map<String, PodSpec> specs = new LinkedHashMap<>();
    of(Deployment.class)
        .forEach(
            d ->
                specs.put(
                    "Deployment/" + d.getMetadata().getName(),
                    d.getSpec().getTemplate().getSpec()));
    of(Job.class)
        .forEach(
            j ->
                specs.put("Job/" + j.getMetadata().getName(), j.getSpec().getTemplate().getSpec()));
    return specs;
  }

  /** Containers of every pod spec, init containers included. */
  List<Container> allContainers() {
    return podSpecs().values().stream()
        .flatMap(spec -> Stream.concat(list(spec.getInitContainers()), list(spec.getContainers())))
        .toList();
  }

  static Map<String, EnvVar> env(Container container) {
    return container.getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, e -> e, (a, b) -> a, LinkedHashMap::new));
  }

  /** A plain (not secret-sourced) variable's value; fails when it is absent or not plain. */
  static String envValue(Container container, String name) {
    EnvVar var = env(container).get(name);
    if (var == null || var.getValue() == null) {
      throw new AssertionError(container.getName() + " has no plain " + name + ": " + var);
    }
    return var.getValue();
  }

  private static <T> Stream<T> list(List<T> items) {
    return items == null ? Stream.empty() : items.stream();
  }
}
