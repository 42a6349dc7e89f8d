package dev.taper.training.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import dev.taper.training.onnx.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving directory loads in DJL as it is, through DJL's and ONNX Runtime's classes only (no
 * Taper class past writing it), and predicts what ONNX Runtime predicts directly.
 */
class ServingPackageTest {

  private static final int REQUESTS = 16;

  @TempDir Path directory;

  @Test
  void djlLoadsTheDirectoryAsAnNdListModelOnOnnxRuntimeAndPredictsWhatOrtDoes() throws Exception {
    RawExamples test = ExportFixtures.testExamples();
    float[][] direct = writePackage(test);
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");

    // what an embedding application does with the directory: engine and model file come from
    // serving.properties, the translator is DJL's no-op one
    Criteria<NDList, NDList> criteria =
        Criteria.builder().setTypes(NDList.class, NDList.class).optModelPath(directory).build();
    try (ZooModel<NDList, NDList> model = criteria.loadModel();
        Predictor<NDList, NDList> predictor = model.newPredictor();
        NDManager manager = model.getNDManager().newSubManager()) {
      assertThat(model.getNDManager().getEngine().getEngineName()).isEqualTo("OnnxRuntime");
      NDArray batch =
          manager.create(
              test.batch(0, test.size()), new Shape(test.batchShape(test.size())), DataType.UINT8);
      NDArray logits = predictor.predict(new NDList(batch)).singletonOrThrow();

      assertThat(logits.getShape()).isEqualTo(new Shape(test.size(), 10));
      float[] flat = logits.toFloatArray();
      for (int i = 0; i < test.size(); i++) {
        for (int c = 0; c < 10; c++) {
          assertThat(flat[i * 10 + c])
              .isEqualTo(direct[i][c], org.assertj.core.api.Assertions.within(1e-5f));
        }
      }
    }
    assertThat(Files.readAllLines(directory.resolve(ServingPackage.SYNSET_FILE)))
        .isEqualTo(ExportFixtures.CLASS_NAMES);
  }

  @Test
  void djlServingsPathStacksOneExampleRequestsInNdListOrNumpyFormIntoABatch() throws Exception {
    RawExamples test = ExportFixtures.testExamples();
    float[][] direct = writePackage(test);

    // DJL Serving's own loading: Input and Output, so its default serving translator
    Criteria<Input, Output> criteria =
        Criteria.builder().setTypes(Input.class, Output.class).optModelPath(directory).build();
    try (ZooModel<Input, Output> model = criteria.loadModel();
        Predictor<Input, Output> predictor = model.newPredictor();
        NDManager manager = model.getNDManager().newSubManager()) {
      List<Input> requests = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        long[] one = test.batchShape(1);
        NDArray example =
            manager.create(test.batch(i, i + 1), new Shape(one[1], one[2], one[3]), DataType.UINT8);
        // half the clients send DJL's own encoding, half numpy's (what a Python client sends)
        boolean numpy = i % 2 == 1;
        Input request = new Input();
        request.addProperty("Content-Type", numpy ? "tensor/npz" : "tensor/ndlist");
        request.addProperty("Accept", numpy ? "tensor/npz" : "tensor/ndlist");
        request.add(
            new NDList(example).encode(numpy ? NDList.Encoding.NPZ : NDList.Encoding.ND_LIST));
        requests.add(request);
      }
      List<Output> responses = predictor.batchPredict(requests);

      assertThat(responses).hasSize(REQUESTS);
      for (int i = 0; i < REQUESTS; i++) {
        NDArray logits =
            NDList.decode(manager, responses.get(i).getData().getAsBytes()).singletonOrThrow();
        assertThat(logits.getShape()).isEqualTo(new Shape(10));
        assertThat(LogitComparison.argMax(logits.toFloatArray()))
            .isEqualTo(LogitComparison.argMax(direct[i]));
      }
    }
  }

  @Test
  void pyTorchStaysTheDefaultEngineBesideOnnxRuntime() {
    assertThat(Engine.hasEngine("OnnxRuntime")).isTrue();
    assertThat(System.getProperty("ai.djl.default_engine")).isNull();
    assertThat(Engine.getDefaultEngineName()).isEqualTo("PyTorch");
    assertThat(Engine.getInstance().getEngineName()).isEqualTo("PyTorch");
  }

  @Test
  void servingPropertiesNameTheEngineTheModelAndTheBatching() throws Exception {
    writePackage(ExportFixtures.testExamples());
    String properties = Files.readString(directory.resolve(ServingPackage.PROPERTIES_FILE));

    assertThat(properties)
        .contains("engine=OnnxRuntime\n")
        .contains("option.modelName=model\n")
        .contains("batchifier=stack\n")
        .contains("batch_size=32\n")
        .contains("max_batch_delay=20\n")
        .contains("uint8 [1, 28, 28]");
    assertThat(directory.resolve(ServingPackage.MODEL_FILE)).isRegularFile();
  }

  /** Writes the MLP's package and returns ONNX Runtime's own logits for the test split. */
  private float[][] writePackage(RawExamples test) {
    byte[] model =
        OnnxExporter.export(
            ExportFixtures.trained(ExportFixtures.MLP).network(),
            ExportFixtures.contract(),
            ExportFixtures.CLASS_NAMES,
            Precision.FP32);
    ServingPackage.write(directory, model, ExportFixtures.CLASS_NAMES, ExportFixtures.contract());
    try (OnnxClassifier classifier = new OnnxClassifier(model, 1)) {
      return classifier.logits(test);
    }
  }
}
