package dev.taper.deploy;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads rendered manifests into fabric8's typed Kubernetes model as strictly as the API server
 * would: a field the type does not have, a number where a string belongs (or the reverse) or a
 * duplicate key is an error. fabric8's classes keep unknown fields in an "additional properties"
 * map; this mapper switches that off so they fail instead.
 */
final class StrictManifestParser {

  /** Every apiVersion and kind the chart may render, and the class that models it. */
  static final Map<String, Class<? extends HasMetadata>> TYPES =
      Map.of(
          "v1/ConfigMap", ConfigMap.class,
          "v1/Secret", Secret.class,
          "v1/Service", Service.class,
          "v1/ServiceAccount", ServiceAccount.class,
          "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
          "apps/v1/Deployment", Deployment.class,
          "batch/v1/Job", Job.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
          "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class,
          "monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class);

  private static final ObjectMapper MAPPER = strictMapper();

  private StrictManifestParser() {}

  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> resources = new ArrayList<>();
    try {
      for (JsonNode document :
          MAPPER.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          resources.add(parse(document));
        }
      }
    } catch (IOException e) {
      throw new AssertionError("Rendered YAML does not parse: " + e.getMessage(), e);
    }
    return resources;
  }

  private static HasMetadata parse(JsonNode document) throws IOException {
    String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
    Class<? extends HasMetadata> model = TYPES.get(type);
    if (model == null) {
      throw new AssertionError("No typed model for " + type + ": add it to TYPES");
    }
    try {
      return MAPPER.treeToValue(document, model);
    } catch (IOException e) {
      throw new AssertionError(
          type + " " + document.path("metadata").path("name").asText() + ": " + e.getMessage(), e);
    }
  }

  private static ObjectMapper strictMapper() {
    YAMLMapper mapper =
        YAMLMapper.builder(
                YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .annotationIntrospector(new NoAnySetters())
            .build();
    for (CoercionInputShape scalar :
        List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
    }
    return mapper;
  }

  /** Turns fabric8's catch-all {@code @JsonAnySetter} maps off: unknown fields fail. */
  private static final class NoAnySetters extends JacksonAnnotationIntrospector {
    @Override
    public Boolean hasAnySetter(Annotated annotated) {
      return Boolean.FALSE;
    }
  }
}
