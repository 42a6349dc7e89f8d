package dev.taper.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.config.ApiContextTest;
import dev.taper.config.PostgresTest;
import dev.taper.dataset.DatasetPreparer;
import dev.taper.dataset.DatasetRegistry;
import dev.taper.dataset.LabeledData;
import dev.taper.dataset.TestDatasets;
import dev.taper.report.ReportFixtures;
import dev.taper.storage.ArtifactStore;
import dev.taper.training.export.ExportFormat;
import dev.taper.training.export.ExportVariant;
import dev.taper.training.onnx.Precision;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default download (the DJL parameters) says what its network reads and how to standardise it,
 * with the numbers its training used: the training split the spec's seed and limits select, not the
 * dataset's overall statistics; as the worker recorded them when it published the model, or, for a
 * model published before workers recorded them, computed again from the dataset. An export's
 * download says it in the same place and words.
 */
@ApiContextTest
class ModelDownloadInputTest extends PostgresTest {

  static final String DATASET = "download-input-fixture";
  static final long SEED = 11;
  static final int TRAIN_EXAMPLES = 1000;
  static final double VALIDATION_FRACTION = 0.2;

  @Autowired ModelPackager packager;
  @Autowired ModelCatalog catalog;
  @Autowired DatasetRegistry datasets;
  @Autowired ArtifactStore store;
  @Autowired JdbcClient jdbc;
  @Autowired PlatformTransactionManager transactions;
  @Autowired JsonMapper json;

  ReportFixtures.Experiment experiment;
  UUID thin;

  @BeforeEach
  void trainedThinModel() {
    jdbc.sql("truncate model_edge, model, worker, stage_job, experiment cascade").update();
    datasets.replace(TestDatasets.subsetRegistration(DATASET));
    experiment = ReportFixtures.finished(jdbc, "download-input", 2, List.of());
    jdbc.sql(
            """
            update experiment
               set spec = spec || cast(:changes as jsonb)
             where id = :id
            """)
        .param(
            "changes",
            """
            {"dataset": "%s", "seed": %d,
             "limits": {"trainExamples": %d, "validationFraction": %s}}
            """
                .formatted(DATASET, SEED, TRAIN_EXAMPLES, VALIDATION_FRACTION))
        .param("id", experiment.id())
        .update();
    thin = experiment.models().get("THIN");
    store.putDirectory(
        "models/" + thin,
        dir -> {
          Files.writeString(dir.resolve("model-0000.params"), "parameters");
          Files.writeString(dir.resolve("architecture.json"), "{}");
        });
  }

  @Test
  void aModelPublishedBeforeInputsWereRecordedIsDescribedFromItsDataset() throws IOException {
    Map<String, byte[]> zip = download(thin);
    JsonNode input = json.readTree(zip.get("model-card.json")).get("input");

    DatasetPreparer.Standardisation trained =
        DatasetPreparer.standardisation(
            TestDatasets.fashionMnistSubset(), SEED, VALIDATION_FRACTION, TRAIN_EXAMPLES);
    assertThat(input).as("the card says how to feed the network").isNotNull();
    assertThat(input.has("name")).as("a DJL block's input has no name").isFalse();
    assertThat(input.get("dtype").asString()).isEqualTo("uint8");
    assertThat(input.get("exampleShape").toString()).isEqualTo("[1,28,28]");
    assertThat(input.get("range").asString()).isEqualTo("0..255 (integers)");
    assertThat(input.get("divisor").asDouble()).isEqualTo(255.0);
    assertThat(input.get("mean").asDouble()).isEqualTo(trained.mean());
    assertThat(input.get("std").asDouble()).isEqualTo(trained.std());
    assertThat(input.get("mean").asDouble())
        .as("the spec's training split, not the subset's overall mean")
        .isNotEqualTo(
            DatasetPreparer.standardisation(TestDatasets.fashionMnistSubset(), SEED, 0.1, null)
                .mean());
    assertThat(input.get("standardisation").asString())
        .startsWith("(float(x) / 255 - " + (float) trained.mean() + ") * " + trained.inverseStd())
        .contains("by the caller", "[N, 784]");

    // the card's numbers turn the dataset's bytes into exactly what the network was trained on
    LabeledData stored = TestDatasets.fashionMnistSubset().test().head(50);
    LabeledData prepared =
        DatasetPreparer.prepare(
                TestDatasets.fashionMnistSubset(), SEED, VALIDATION_FRACTION, TRAIN_EXAMPLES, 50)
            .test();
    float mean = (float) input.get("mean").asDouble();
    float inverseStd = (float) (1 / input.get("std").asDouble());
    float divisor = (float) input.get("divisor").asDouble();
    for (int i = 0; i < stored.features().length; i++) {
      float x = Math.round(stored.features()[i] * 255); // the byte the file holds
      assertThat((x / divisor - mean) * inverseStd).isEqualTo(prepared.features()[i]);
    }

    Properties serving = new Properties();
    serving.load(
        new StringReader(new String(zip.get("serving.properties"), StandardCharsets.UTF_8)));
    assertThat(serving.getProperty("taper.inputShape")).isEqualTo("784");
    assertThat(serving.getProperty("taper.inputDivisor")).isEqualTo("255.0");
    assertThat(Double.parseDouble(serving.getProperty("taper.inputMean")))
        .isEqualTo(trained.mean());
    assertThat(Double.parseDouble(serving.getProperty("taper.inputStd"))).isEqualTo(trained.std());
    assertThat(serving.getProperty("taper.standardisation"))
        .isEqualTo(input.get("standardisation").asString());

    assertThat(download(thin).get("model-card.json"))
        .as("the same bytes again (the ETag stays put)")
        .isEqualTo(zip.get("model-card.json"));
  }

  @Test
  void aModelThatRecordedItsInputIsDescribedWithoutItsDataset() throws IOException {
    String recorded =
        """
        {"dtype": "uint8", "exampleShape": [1, 28, 28], "layout": "NCHW",
         "range": "0..255 (integers)", "divisor": 255.0, "mean": 0.25, "std": 0.5,
         "standardisation": "(float(x) / 255 - 0.25) * 2.0 (by the caller, before the network)"}
        """;
    jdbc.sql(
            "update model set metrics = metrics || jsonb_build_object('input', cast(:input as"
                + " jsonb)) where id = :id")
        .param("input", recorded)
        .param("id", thin)
        .update();
    jdbc.sql("update experiment set spec = spec || '{\"dataset\": \"gone\"}' where id = :id")
        .param("id", experiment.id())
        .update();

    Map<String, byte[]> zip = download(thin);

    assertThat(json.readTree(zip.get("model-card.json")).get("input"))
        .as("as the worker recorded it when it published the model; no dataset is read")
        .isEqualTo(json.readTree(recorded));
    Properties serving = new Properties();
    serving.load(
        new StringReader(new String(zip.get("serving.properties"), StandardCharsets.UTF_8)));
    assertThat(serving.getProperty("taper.inputMean")).isEqualTo("0.25");
    assertThat(serving.getProperty("taper.inputStd")).isEqualTo("0.5");
    assertThat(serving.getProperty("taper.standardisation"))
        .isEqualTo("(float(x) / 255 - 0.25) * 2.0 (by the caller, before the network)");
  }

  @Test
  void anExportsCardGivesItsInputInTheSamePlace() throws IOException {
    String metrics =
        """
        {"testAccuracy": 0.87, "sourceModelId": "%s",
         "input": {"name": "input", "dtype": "uint8", "exampleShape": [1, 28, 28],
                   "layout": "NCHW", "range": "0..255 (integers)", "divisor": 255.0,
                   "mean": 0.25, "std": 0.5,
                   "standardisation": "(float(x) / 255 - 0.25) * 2.0 (inside the graph)"}}
        """
            .formatted(thin);
    UUID exportId =
        RecordedExports.record(
            jdbc,
            transactions,
            catalog,
            experiment.id(),
            thin,
            metrics,
            new ExportVariant(ExportFormat.ONNX, Precision.FP32));
    store.putDirectory(
        "models/" + exportId, dir -> Files.writeString(dir.resolve("model.onnx"), "onnx"));

    Map<String, byte[]> zip = download(exportId);

    JsonNode card = json.readTree(zip.get("model-card.json"));
    assertThat(card.get("input")).isEqualTo(json.readTree(metrics).get("input"));
    assertThat(zip).doesNotContainKey("serving.properties");
  }

  private Map<String, byte[]> download(UUID model) throws IOException {
    Map<String, byte[]> entries = new HashMap<>();
    try (ModelPackage zip = packager.build(model).orElseThrow();
        InputStream bytes = zip.open();
        ZipInputStream in = new ZipInputStream(bytes)) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), in.readAllBytes());
      }
    }
    return entries;
  }
}
