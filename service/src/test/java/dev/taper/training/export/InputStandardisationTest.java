package dev.taper.training.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.taper.dataset.LabeledData;
import dev.taper.training.onnx.OnnxGraph;
import dev.taper.training.onnx.OnnxModelFile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The graph standardises raw input exactly as Taper's reader and DatasetPreparer did. */
class InputStandardisationTest {

  @Test
  void rawPixelsAreStandardisedBitForBitAsInTraining() {
    InputContract contract = ExportFixtures.contract();
    OnnxGraph graph = new OnnxGraph("standardisation");
    String raw = graph.input("input", TensorProto.DataType.UINT8, contract.batchShape());
    graph.op("Identity").input(InputStandardisation.append(graph, raw, contract)).outputNamed("x");
    graph.output("x", TensorProto.DataType.FLOAT, contract.batchShape());
    byte[] model = OnnxModelFile.bytes(graph.build(), Map.of(), "standardisation");

    RawExamples test = ExportFixtures.testExamples();
    float[] standardised = new float[0];
    try (var session = OrtRuntime.session(model, 1);
        var input = test.tensor(OrtRuntime.environment(), 0, test.size());
        var result = session.run(Map.of("input", input))) {
      var buffer = ((ai.onnxruntime.OnnxTensor) result.get(0)).getFloatBuffer();
      standardised = new float[buffer.remaining()];
      buffer.get(standardised);
    } catch (ai.onnxruntime.OrtException e) {
      throw new IllegalStateException(e);
    }

    float[] expected = ExportFixtures.splits().test().features();
    assertThat(standardised).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(Float.floatToIntBits(standardised[i]))
          .as("value %d", i)
          .isEqualTo(Float.floatToIntBits(expected[i]));
    }
  }

  @Test
  void unsignedBytesComeBackExactlyFromWhatTheReaderMadeOfThem() {
    float[] read = new float[256];
    for (int b = 0; b < 256; b++) {
      read[b] = b / 255f;
    }
    LabeledData data = new LabeledData(read, new int[] {0}, new long[] {1, 16, 16}, 2);
    RawExamples raw =
        RawExamples.of(data, InputContract.unsignedBytes(new long[] {1, 16, 16}, 0, 1));

    var bytes = raw.batch(0, 1);
    for (int b = 0; b < 256; b++) {
      assertThat(bytes.get(b) & 0xff).isEqualTo(b);
    }
  }

  @Test
  void valuesThatWereNotBytesAreRefused() {
    LabeledData data = new LabeledData(new float[] {0.5f}, new int[] {0}, new long[] {1}, 2);
    assertThatThrownBy(
            () -> RawExamples.of(data, InputContract.unsignedBytes(new long[] {1}, 0, 1)))
        .hasMessageContaining("was not read from an unsigned byte");
  }
}
