package dev.taper.model;

import dev.taper.dataset.RegisteredDataset;
import dev.taper.storage.ArtifactNotFoundException;
import dev.taper.storage.ArtifactStore;
import dev.taper.storage.ArtifactStoreException;
import dev.taper.storage.Manifest;
import dev.taper.storage.Sha256;
import dev.taper.storage.StoredFile;
import dev.taper.training.export.InputDescription;
import dev.taper.training.family.NetworkFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds a model's download: its DJL parameter file and {@code architecture.json} as stored, a
 * {@code model-card.json} (spec, dataset, the input and its standardisation, metrics, lineage) and
 * a {@code serving.properties}; an export's stored files and its card instead. Entries carry a
 * fixed timestamp and come in a fixed order, so the same model always gives the same bytes and so
 * the same ETag.
 */
@Service
public class ModelPackager {

  /** 1980-01-01, the earliest time a zip entry can hold: keeps the bytes reproducible. */
  private static final long ENTRY_TIME = 315532800000L;

  private final ModelCatalog catalog;
  private final ArtifactStore store;
  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final ModelInputs inputs;

  ModelPackager(
      ModelCatalog catalog,
      ArtifactStore store,
      JdbcClient jdbc,
      JsonMapper json,
      ModelInputs inputs) {
    this.catalog = catalog;
    this.store = store;
    this.jdbc = jdbc;
    this.json = json;
    this.inputs = inputs;
  }

  /** The model's zip, or empty when there is no such model. */
  public Optional<ModelPackage> build(UUID modelId) {
    Optional<ModelView> found = catalog.find(modelId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ModelView model = found.get();
    String key = model.artifactKey();
    Manifest stored = store.list(key).orElseThrow(() -> new ArtifactNotFoundException(key));
    JsonNode spec = experimentSpec(model.experimentId());
    JsonNode recorded = model.metrics() == null ? null : model.metrics().get(MetricsJson.INPUT);
    // an export's graph standardises; DJL parameters leave it to the caller, who needs the numbers
    InputDescription standardisedByTheCaller =
        model.export() == null ? standardisedByTheCaller(model, recorded, spec) : null;
    Object input = model.export() != null ? recorded : standardisedByTheCaller;
    Path scratch = store.scratchDirectory();
    Path zip = scratch.resolve("model.zip");
    try {
      MessageDigest sha = Sha256.newDigest();
      try (OutputStream file = Files.newOutputStream(zip);
          ZipOutputStream out = new ZipOutputStream(new DigestOutputStream(file, sha))) {
        // streamed from the store file by file, each checked against its SHA-256 on the way
        for (StoredFile entry : stored.files()) {
          try (InputStream in = store.open(key, entry.name())) {
            putEntry(out, entry.name(), in::transferTo);
          }
        }
        putEntry(out, "model-card.json", sink -> sink.write(modelCard(model, spec, input)));
        if (model.export() == null) {
          // an export stored its own, for the ONNX Runtime engine
          putEntry(
              out,
              "serving.properties",
              sink -> sink.write(servingProperties(model, standardisedByTheCaller)));
        }
      }
      String variant = model.export() == null ? "" : model.export().label() + "-";
      String name =
          "taper-" + model.role().name().toLowerCase() + "-" + variant + model.id() + ".zip";
      return Optional.of(new ModelPackage(zip, Files.size(zip), Sha256.hex(sha), name));
    } catch (IOException e) {
      new ModelPackage(zip, 0, "", "").close();
      throw new ArtifactStoreException("cannot package model " + modelId, e);
    } catch (RuntimeException e) {
      new ModelPackage(zip, 0, "", "").close();
      throw e;
    }
  }

  /**
   * What the DJL parameters read and how the caller standardises it, with the numbers the model's
   * training used: as the worker recorded them when it published the model, or, for a model
   * published before workers recorded them, computed again from the dataset; null when they cannot
   * be known (no such dataset now, or its files do not read).
   */
  private InputDescription standardisedByTheCaller(
      ModelView model, JsonNode recorded, JsonNode spec) {
    if (recorded != null && recorded.isObject()) {
      return json.treeToValue(recorded, InputDescription.class);
    }
    return inputs
        .of(spec)
        .map(
            contract ->
                InputDescription.beforeTheNetwork(contract, inputShape(model.architecture())))
        .orElse(null);
  }

  private byte[] modelCard(ModelView model, JsonNode spec, Object input) {
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("id", model.id());
    card.put("role", model.role());
    card.put("family", model.family());
    card.put("experimentId", model.experimentId());
    card.put("createdAt", model.createdAt() == null ? null : model.createdAt().toString());
    card.put("architecture", model.architecture());
    card.put("metrics", model.metrics());
    card.put("parameters", model.paramCount());
    card.put("flopsPerExample", model.flops());
    card.put("sizeBytes", model.sizeBytes());
    card.put("parametersSha256", model.sha256());
    card.put("spec", spec);
    card.put("dataset", dataset(spec));
    card.put("input", input);
    card.put("lineage", catalog.provenance(model.id()).orElse(null));
    return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(card);
  }

  private JsonNode experimentSpec(UUID experimentId) {
    return jdbc.sql("select spec::text from experiment where id = :id")
        .param("id", experimentId)
        .query(String.class)
        .optional()
        .map(json::readTree)
        .orElse(null);
  }

  private Map<String, Object> dataset(JsonNode spec) {
    if (spec == null || spec.get("dataset") == null) {
      return null;
    }
    return jdbc.sql(
            "select name, format, sha256, example_shape, classes, train_count, test_count"
                + " from dataset where name = :name")
        .param("name", spec.get("dataset").asString())
        .query(
            (rs, n) -> {
              Map<String, Object> d = new LinkedHashMap<>();
              d.put("name", rs.getString("name"));
              d.put("format", rs.getString("format"));
              d.put("sha256", rs.getString("sha256"));
              d.put("exampleShape", RegisteredDataset.shapeOf(rs.getString("example_shape")));
              d.put("classes", rs.getInt("classes"));
              d.put("trainExamples", rs.getInt("train_count"));
              d.put("testExamples", rs.getInt("test_count"));
              return d;
            })
        .optional()
        .orElse(null);
  }

  /**
   * @param input how the model's training standardised its input, or null when unknown (the
   *     standardisation properties are then empty)
   */
  static byte[] servingProperties(ModelView model, InputDescription input) {
    JsonNode architecture = model.architecture();
    long[] inputShape = inputShape(architecture);
    String properties =
        """
        # DJL model: model-0000.params holds the parameters of the block architecture.json
        # describes (rebuild it with dev.taper.training.family.NetworkFiles.load). The block reads
        # a batch of examples of taper.inputShape (taper.inputSize values each), standardised
        # first as Taper trained it: each value x as the dataset stores it becomes
        # (float(x) / taper.inputDivisor - taper.inputMean) / taper.inputStd, in float32 exactly
        # as taper.standardisation writes it (model-card.json's "input" says the same).
        engine=PyTorch
        option.modelName=model
        option.mapLocation=true
        taper.family=%s
        taper.role=%s
        taper.inputShape=%s
        taper.inputSize=%s
        taper.inputDivisor=%s
        taper.inputMean=%s
        taper.inputStd=%s
        taper.standardisation=%s
        taper.classes=%s
        taper.modelId=%s
        """
            .formatted(
                model.family(),
                model.role(),
                inputShape == null
                    ? ""
                    : Arrays.stream(inputShape)
                        .mapToObj(String::valueOf)
                        .collect(Collectors.joining(",")),
                inputShape == null ? "" : Arrays.stream(inputShape).reduce(1, (a, b) -> a * b),
                input == null ? "" : input.divisor(),
                input == null ? "" : input.mean(),
                input == null ? "" : input.std(),
                input == null ? "" : input.standardisation(),
                architecture.has("classes") ? architecture.get("classes").asString() : "",
                model.id());
    return properties.getBytes(StandardCharsets.UTF_8);
  }

  /** One example's shape as the network reads it, or null for an architecture it cannot read. */
  private static long[] inputShape(JsonNode architecture) {
    try {
      return NetworkFiles.readArchitecture(architecture.toString()).inputShape();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void putEntry(ZipOutputStream out, String name, ArtifactStore.StreamWriter body)
      throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(ENTRY_TIME);
    out.putNextEntry(entry);
    body.write(out);
    out.closeEntry();
  }
}
