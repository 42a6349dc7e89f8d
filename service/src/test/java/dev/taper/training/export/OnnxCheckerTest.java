package dev.taper.training.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.training.family.Architecture;
import dev.taper.training.onnx.Precision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every export of every family and precision passes the ONNX project's own checker. */
class OnnxCheckerTest {

  @Test
  void everyExportPassesOnnxsFullCheck(@TempDir Path directory) {
    PythonOnnx.require();
    List<String> files = new ArrayList<>();
    for (Architecture architecture : ExportFixtures.FAMILIES) {
      for (Precision precision : Precision.values()) {
        Path file = directory.resolve(architecture.family() + "-" + precision.label() + ".onnx");
        OnnxExporter.write(
            OnnxExporter.export(
                ExportFixtures.trained(architecture).network(),
                ExportFixtures.contract(),
                ExportFixtures.CLASS_NAMES,
                precision),
            file);
        files.add(file.toString());
      }
    }
    PythonOnnx.Result result =
        PythonOnnx.script(
            PythonOnnx.resourceScript("check_models.py", directory), files, directory);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("ir 8 opset 17 ok");
    assertThat(result.output().lines().filter(line -> line.endsWith(" ok"))).hasSize(9);
  }
}
