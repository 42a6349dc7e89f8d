package dev.taper.training.export;

import dev.taper.training.family.Architecture;
import dev.taper.training.family.NetworkFiles;
import dev.taper.training.onnx.OnnxGraph;
import dev.taper.training.onnx.Precision;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an exported model says about itself in its {@code metadata_props}: the class names, the
 * input contract (name, dtype, shape, layout, value range, the standardisation inside), the output
 * and where the model came from. ONNX Runtime returns these as the session's custom metadata.
 */
public record ModelMetadata(
    List<String> classNames, InputContract input, Architecture architecture, Precision precision) {

  public static final String CLASSES = "classes";
  public static final String INPUT_NAME = "input.name";
  public static final String INPUT_DTYPE = "input.dtype";
  public static final String INPUT_SHAPE = "input.shape";
  public static final String INPUT_LAYOUT = "input.layout";
  public static final String INPUT_RANGE = "input.range";
  public static final String INPUT_STANDARDISATION = "input.standardisation";
  public static final String OUTPUT_NAME = "output.name";
  public static final String OUTPUT = "output";
  public static final String FAMILY = "family";
  public static final String ARCHITECTURE = "architecture";
  public static final String PRECISION = "precision";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  public ModelMetadata {
    classNames = List.copyOf(classNames);
    if (classNames.size() != architecture.classes()) {
      throw new IllegalArgumentException(
          classNames.size() + " class names for " + architecture.classes() + " classes");
    }
  }

  public Map<String, String> properties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(CLASSES, JSON.writeValueAsString(classNames));
    properties.put(INPUT_NAME, OnnxExporter.INPUT);
    properties.put(INPUT_DTYPE, input.elementType().label());
    properties.put(INPUT_SHAPE, shape(input.batchShape()));
    properties.put(INPUT_LAYOUT, input.layout());
    properties.put(INPUT_RANGE, input.elementType().range());
    properties.put(INPUT_STANDARDISATION, input.formula() + " (inside the graph)");
    properties.put(OUTPUT_NAME, OnnxExporter.OUTPUT);
    properties.put(
        OUTPUT,
        "logits [N, "
            + classNames.size()
            + "] float32, unnormalised: softmax gives probabilities, argmax indexes classes");
    properties.put(FAMILY, architecture.family());
    properties.put(ARCHITECTURE, NetworkFiles.architectureJson(architecture));
    properties.put(PRECISION, precision.label());
    return properties;
  }

  /** E.g. {@code [N, 1, 28, 28]}. */
  static String shape(long[] dims) {
    return Arrays.stream(dims)
        .mapToObj(d -> d == OnnxGraph.BATCH ? "N" : String.valueOf(d))
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
