package dev.taper.training.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An export's card and its source's DJL card describe the input from the same contract: the same
 * values and numbers, told apart by who standardises.
 */
class InputDescriptionTest {

  private static final InputContract BYTES =
      InputContract.unsignedBytes(new long[] {1, 28, 28}, 0.28604, 0.35314);

  @Test
  void theParametersCardHasTheExportsNumbersAndLeavesTheStandardisationToTheCaller() {
    InputDescription graph = InputDescription.of(BYTES);
    InputDescription parameters = InputDescription.beforeTheNetwork(BYTES, new long[] {784});

    assertThat(parameters.name()).isNull();
    assertThat(parameters.dtype()).isEqualTo(graph.dtype()).isEqualTo("uint8");
    assertThat(parameters.exampleShape())
        .isEqualTo(graph.exampleShape())
        .isEqualTo(List.of(1L, 28L, 28L));
    assertThat(parameters.layout()).isEqualTo(graph.layout());
    assertThat(parameters.range()).isEqualTo(graph.range());
    assertThat(parameters.divisor()).isEqualTo(graph.divisor()).isEqualTo(255.0);
    assertThat(parameters.mean()).isEqualTo(graph.mean()).isEqualTo(0.28604);
    assertThat(parameters.std()).isEqualTo(graph.std()).isEqualTo(0.35314);
    assertThat(graph.standardisation()).endsWith("(inside the graph)");
    assertThat(parameters.standardisation())
        .startsWith(BYTES.formula())
        .contains("by the caller, before the network")
        .contains("float32 [N, 784]");
    assertThat(InputDescription.beforeTheNetwork(BYTES, null).standardisation())
        .as("without the network's shape, the example's")
        .contains("float32 [N, 1, 28, 28]");
  }

  @Test
  void theNameIsLeftOutOfTheJsonOnlyWhereThereIsNone() {
    JsonMapper json = JsonMapper.builder().build();
    JsonNode parameters =
        json.valueToTree(InputDescription.beforeTheNetwork(BYTES, new long[] {784}));
    JsonNode graph = json.valueToTree(InputDescription.of(BYTES));

    assertThat(parameters.has("name")).isFalse();
    assertThat(graph.get("name").asString()).isEqualTo(OnnxExporter.INPUT);
    assertThat(parameters.get("mean").asDouble()).isEqualTo(graph.get("mean").asDouble());
  }
}
