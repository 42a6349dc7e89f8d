package dev.taper.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.taper.config.FullStackTest;
import dev.taper.dataset.DatasetRegistry;
import dev.taper.dataset.FashionMnist;
import dev.taper.dataset.LabeledData;
import dev.taper.dataset.TestDatasets;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Exports through the service: planned with the experiment and requested later, each an EXPORT
 * stage with its lineage edge; downloads by format and precision that run in ONNX Runtime on the
 * dataset's raw bytes to the accuracy the model card states; and every way of asking for an export
 * that is not there answered with a 4xx that says what to do.
 */
@FullStackTest.Context
class ExportEndToEndTest extends FullStackTest {

  static final String SPEC =
      """
      {"name": "e2e-export", "dataset": "fashion-mnist",
       "model": {"family": "mlp", "depth": 2, "width": 16}, "widenFactor": 4, "seed": 7,
       "device": "cpu",
       "wide": {"epochs": 1, "batchSize": 64},
       "imitate": {"stepsPerLayer": 15, "batchSize": 64},
       "finetune": {"epochs": 1, "batchSize": 64},
       "baselines": [], "export": {"precisions": ["fp32", "int8"]},
       "limits": {"trainExamples": 500, "testExamples": 300}}
      """;

  @LocalServerPort int port;
  @Autowired DatasetRegistry datasets;
  Http http;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    FixtureDataset.register(datasets);
  }

  @Test
  void exportsArePlannedRequestedDownloadedAndRunInOnnxRuntime(@TempDir Path unpacked)
      throws Exception {
    HttpResponse<String> created = http.post("/api/v1/experiments", SPEC);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = http.json(created).get("id").asString();
    JsonNode experiment = http.awaitSettled("/api/v1/experiments/" + id, Duration.ofMinutes(4));
    assertThat(experiment.get("status").asString())
        .as(experiment.toString())
        .isEqualTo("SUCCEEDED");
    assertThat(experiment.get("stages").valueStream().map(s -> s.get("kind").asString()))
        .containsExactlyInAnyOrder("WIDE", "IMITATE", "FINETUNE", "EXPORT", "EXPORT");
    Map<String, JsonNode> exports = new HashMap<>();
    String thin = null;
    for (JsonNode model : experiment.get("models")) {
      if (model.get("role").asString().equals("EXPORT")) {
        assertThat(model.get("export").get("format").asString()).isEqualTo("onnx");
        exports.put(model.get("export").get("precision").asString(), model);
      } else if (model.get("role").asString().equals("THIN")) {
        thin = model.get("id").asString();
      }
    }
    assertThat(exports).containsOnlyKeys("fp32", "int8");

    JsonNode lineage = http.json(http.get("/api/v1/models/" + thin + "/lineage"));
    assertThat(
            lineage
                .get("edges")
                .valueStream()
                .filter(e -> e.get("relation").asString().equals("EXPORTED_FROM"))
                .map(e -> e.get("from").asString() + "->" + e.get("to").asString()))
        .containsExactlyInAnyOrder(
            thin + "->" + exports.get("fp32").get("id").asString(),
            thin + "->" + exports.get("int8").get("id").asString());

    // the int8 download: a DJL Serving directory whose model runs on raw bytes as its card says
    String int8 = "/api/v1/models/" + thin + "/download?format=onnx&precision=int8";
    HttpResponse<byte[]> download = http.getBytes(int8);
    assertThat(download.statusCode()).isEqualTo(200);
    byte[] zip = download.body();
    assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(zip.length);
    assertThat(download.headers().firstValue("ETag"))
        .hasValue("\"" + EndToEndTest.sha256(zip) + "\"");
    Map<String, byte[]> entries = EndToEndTest.unzip(zip, unpacked);
    assertThat(entries)
        .containsOnlyKeys(
            "model.onnx",
            "serving.properties",
            "synset.txt",
            "export-card.json",
            "model-card.json");
    assertThat(new String(entries.get("synset.txt"), StandardCharsets.UTF_8).lines())
        .containsExactlyElementsOf(FashionMnist.CLASS_NAMES);
    JsonNode card = exports.get("int8").get("metrics");
    assertThat(http.json(new String(entries.get("export-card.json"), StandardCharsets.UTF_8)))
        .isEqualTo(card);
    assertThat(card.get("sourceModelId").asString()).isEqualTo(thin);
    assertThat(card.get("latencyP50Millis").asDouble()).isPositive();
    assertThat(card.get("teacherTestAccuracy").asDouble()).isBetween(0.0, 1.0);
    JsonNode input = card.get("input");
    assertThat(input.get("name").asString()).isEqualTo("input");
    assertThat(input.get("dtype").asString()).isEqualTo("uint8");
    assertThat(input.get("exampleShape").toString()).isEqualTo("[1,28,28]");
    assertThat(input.get("divisor").asDouble()).isEqualTo(255.0);
    assertThat(input.get("std").asDouble()).isPositive();
    assertThat(card.get("fileBytes").asLong()).isEqualTo(entries.get("model.onnx").length);
    assertThat(card.get("fileBytes").asLong())
        .as("int8 weights are smaller than fp32's")
        .isLessThan(exports.get("fp32").get("metrics").get("fileBytes").asLong());
    LabeledData test = TestDatasets.fashionMnistSubset().test().head(300);
    assertThat(onnxRuntimeAccuracy(entries.get("model.onnx"), test))
        .isEqualTo(card.get("testAccuracy").asDouble(), org.assertj.core.data.Offset.offset(1e-9));
    JsonNode fp32Card = exports.get("fp32").get("metrics");
    assertThat(fp32Card.get("agreement").asDouble()).isGreaterThanOrEqualTo(0.999);
    assertThat(fp32Card.get("testAccuracy").asDouble())
        .isEqualTo(
            fp32Card.get("sourceTestAccuracy").asDouble(),
            org.assertj.core.data.Offset.offset(0.0005));

    // not there yet: a 404 that says how to make it; then made on request
    String thinDownload = "/api/v1/models/" + thin + "/download";
    HttpResponse<byte[]> thinZip = http.getBytes(thinDownload);
    var thinEtag = thinZip.headers().firstValue("ETag");
    // THIN's parameters give the export's numbers, as its worker recorded them when it published
    Path thinFiles = Files.createDirectory(unpacked.resolve("thin"));
    JsonNode thinInput =
        http.json(
                new String(
                    EndToEndTest.unzip(thinZip.body(), thinFiles).get("model-card.json"),
                    StandardCharsets.UTF_8))
            .get("input");
    for (String number : List.of("divisor", "mean", "std")) {
      assertThat(thinInput.get(number)).as(number).isEqualTo(input.get(number));
    }
    assertThat(thinInput.get("standardisation").asString()).contains("by the caller");
    assertThat(http.json(http.get("/api/v1/models/" + thin)).get("metrics").get("input"))
        .isEqualTo(thinInput);
    String fp16 = "/api/v1/models/" + thin + "/download?format=onnx&precision=fp16";
    HttpResponse<String> missing = http.get(fp16);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("POST /api/v1/models/" + thin + "/exports");
    HttpResponse<String> requested =
        http.post("/api/v1/models/" + thin + "/exports", "{\"precisions\": [\"fp16\", \"int8\"]}");
    assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
    JsonNode statuses = http.json(requested);
    assertThat(statuses.get(0).get("status").asString()).isIn("QUEUED", "RUNNING");
    assertThat(statuses.get(1).get("status").asString()).isEqualTo("EXPORTED");
    assertThat(statuses.get(1).get("modelId").asString())
        .isEqualTo(exports.get("int8").get("id").asString());
    long job = statuses.get(0).get("jobId").asLong();
    assertThat(http.json(http.get("/api/v1/experiments/" + id)).get("status").asString())
        .as("a later export is not part of the finished experiment")
        .isEqualTo("SUCCEEDED");
    JsonNode finished = http.awaitSettled("/api/v1/jobs/" + job, Duration.ofMinutes(2));
    assertThat(finished.get("status").asString()).as(finished.toString()).isEqualTo("SUCCEEDED");
    assertThat(http.getBytes(fp16).statusCode()).isEqualTo(200);
    assertThat(http.json(http.get("/api/v1/models/" + thin + "/exports")).size()).isEqualTo(3);
    assertThat(http.getBytes(thinDownload).headers().firstValue("ETag"))
        .as("a new export of THIN does not change THIN's own download")
        .isEqualTo(thinEtag);

    // bad requests
    assertThat(http.get("/api/v1/models/" + thin + "/download?format=tflite").statusCode())
        .isEqualTo(400);
    assertThat(http.get(int8.replace("int8", "int4")).statusCode()).isEqualTo(400);
    HttpResponse<String> badOrder =
        http.post(
            "/api/v1/models/" + thin + "/exports",
            "{\"precisions\": [\"fp8\", \"int8\", \"int8\"]}");
    assertThat(badOrder.statusCode()).isEqualTo(400);
    assertThat(badOrder.body()).contains("precisions[0]", "precisions[2]");
    HttpResponse<String> misspelt =
        http.post("/api/v1/models/" + thin + "/exports", "{\"precision\": [\"int8\"]}");
    assertThat(misspelt.statusCode()).isEqualTo(400);
    assertThat(misspelt.body()).contains("is not a field of an export request");
    assertThat(http.get(thinDownload + "?precision=int8").statusCode())
        .as("a precision without a format is not THIN's parameters")
        .isEqualTo(400);
    String exportId = exports.get("fp32").get("id").asString();
    assertThat(http.post("/api/v1/models/" + exportId + "/exports", "{}").statusCode())
        .isEqualTo(409);
  }

  /** Accuracy of an ONNX file on raw Fashion-MNIST bytes, through ONNX Runtime alone. */
  static double onnxRuntimeAccuracy(byte[] model, LabeledData test) throws Exception {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession session = environment.createSession(model, new OrtSession.SessionOptions())) {
      NodeInfo input = session.getInputInfo().values().iterator().next();
      long[] shape = ((TensorInfo) input.getInfo()).getShape().clone();
      shape[0] = test.size();
      ByteBuffer bytes = ByteBuffer.allocateDirect(test.features().length);
      for (float value : test.features()) {
        bytes.put((byte) Math.round(value * 255));
      }
      bytes.flip();
      try (OnnxTensor x = OnnxTensor.createTensor(environment, bytes, shape, OnnxJavaType.UINT8);
          OrtSession.Result result = session.run(Map.of(input.getName(), x))) {
        float[][] logits = (float[][]) result.get(0).getValue();
        int correct = 0;
        for (int i = 0; i < logits.length; i++) {
          if (argMax(logits[i]) == test.labels()[i]) {
            correct++;
          }
        }
        return correct / (double) test.size();
      }
    }
  }

  private static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
