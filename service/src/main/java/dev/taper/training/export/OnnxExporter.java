package dev.taper.training.export;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.onnx.NetworkGraph;
import dev.taper.training.onnx.OnnxGraph;
import dev.taper.training.onnx.OnnxModelFile;
import dev.taper.training.onnx.Precision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Exports a network of any family to ONNX, from the raw input (what the dataset holds) to the
 * logits: input {@value #INPUT}, standardisation, the family's network, output {@value #OUTPUT}.
 * BatchNorm runs on its running statistics (inference mode), folded into the convolutions.
 */
public final class OnnxExporter {

  public static final String INPUT = "input";
  public static final String OUTPUT = "logits";

  private OnnxExporter() {}

  public static byte[] export(
      Network network, InputContract input, List<String> classNames, Precision precision) {
    Architecture architecture = network.architecture();
    ModelMetadata metadata = new ModelMetadata(classNames, input, architecture, precision);
    OnnxGraph graph = new OnnxGraph("taper_" + architecture.family());
    String raw = graph.input(INPUT, input.elementType().onnxType(), input.batchShape());
    String standardised = InputStandardisation.append(graph, raw, input);
    String logits =
        ModelFamilies.writeOnnx(
            new NetworkGraph(graph, precision.encoding()),
            network,
            standardised,
            input.exampleShape());
    graph.op("Identity").input(logits).outputNamed(OUTPUT);
    graph.output(OUTPUT, TensorProto.DataType.FLOAT, OnnxGraph.BATCH, architecture.classes());
    String description =
        "Taper "
            + architecture.family()
            + " classifier ("
            + precision.label()
            + " parameters): raw "
            + input.elementType().label()
            + " examples in, logits out";
    return OnnxModelFile.bytes(graph.build(), metadata.properties(), description);
  }

  public static void write(byte[] model, Path file) {
    try {
      Files.write(file, model);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
