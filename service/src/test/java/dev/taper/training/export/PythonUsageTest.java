package dev.taper.training.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.training.onnx.Precision;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Python snippet of docs/export.md, exactly as written there, predicts what ONNX Runtime for
 * Java predicts: run against a stand-in onnxruntime module (python3-onnx and numpy), since ONNX
 * Runtime for Python cannot be installed here.
 */
class PythonUsageTest {

  private static final Pattern PYTHON_BLOCK =
      Pattern.compile("```python\\n(.*?)```", Pattern.DOTALL);

  @Test
  void theDocumentedSnippetPrintsTheClassesOrtPredicts(@TempDir Path directory) throws IOException {
    PythonOnnx.require();
    Path snippet = directory.resolve("snippet.py");
    Files.writeString(snippet, documentedSnippet());

    byte[] model =
        OnnxExporter.export(
            ExportFixtures.trained(ExportFixtures.MLP).network(),
            ExportFixtures.contract(),
            ExportFixtures.CLASS_NAMES,
            Precision.FP32);
    OnnxExporter.write(model, directory.resolve("model.onnx"));
    RawExamples test = ExportFixtures.testExamples();
    ByteBuffer pixels = test.batch(0, test.size());
    byte[] bytes = new byte[pixels.remaining()];
    pixels.get(bytes);
    Files.write(directory.resolve("images.bin"), bytes);

    List<String> arguments = new ArrayList<>(List.of(snippet.toString(), "images.bin"));
    for (long d : test.batchShape(test.size())) {
      arguments.add(String.valueOf(d));
    }
    PythonOnnx.resourceScript("standin/onnxruntime.py", directory);
    PythonOnnx.Result result =
        PythonOnnx.script(
            PythonOnnx.resourceScript("run_snippet.py", directory), arguments, directory);
    assertThat(result.exitCode()).as(result.output()).isZero();

    String json =
        result
            .output()
            .lines()
            .filter(line -> line.startsWith("PREDICTIONS "))
            .findFirst()
            .orElseThrow()
            .substring("PREDICTIONS ".length());
    List<String> printed = JsonMapper.builder().build().readValue(json, new TypeReference<>() {});
    assertThat(printed).isEqualTo(expectedClasses(model, test));
  }

  private static List<String> expectedClasses(byte[] model, RawExamples test) {
    List<String> classes = new ArrayList<>();
    try (OnnxClassifier classifier = new OnnxClassifier(model, 1)) {
      for (float[] logits : classifier.logits(test)) {
        classes.add(ExportFixtures.CLASS_NAMES.get(LogitComparison.argMax(logits)));
      }
    }
    return classes;
  }

  /** The first Python block of docs/export.md, found from the module's working directory up. */
  private static String documentedSnippet() throws IOException {
    Path directory = Path.of("").toAbsolutePath();
    while (directory != null && !Files.isRegularFile(directory.resolve("docs/export.md"))) {
      directory = directory.getParent();
    }
    assertThat(directory).as("docs/export.md above the working directory").isNotNull();
    Matcher block = PYTHON_BLOCK.matcher(Files.readString(directory.resolve("docs/export.md")));
    assertThat(block.find()).as("a python block in docs/export.md").isTrue();
    String snippet = block.group(1);
    assertThat(snippet.lines().count()).isEqualTo(5);
    return snippet;
  }
}
