package dev.taper.training.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.taper.training.onnx.OnnxGraph;
import java.util.Arrays;
import java.util.List;

/**
 * How a model reads its input, as data a program outside Taper can use: the values it starts from
 * (their element type, one example's shape, what the axes mean, the values they hold) and the
 * standardisation Taper trained with. An export's graph reads those values itself and standardises
 * them inside ({@link #of}); the DJL parameters of a model read the standardised float32 values, so
 * whoever feeds them applies the same standardisation first ({@link #beforeTheNetwork}). Both come
 * from the one {@link InputContract}, so an export's card and its source's card give the same
 * numbers.
 *
 * @param name the graph input's name; absent for DJL parameters, whose input has none
 * @param dtype {@code uint8} or {@code float32}: the values as the dataset stores them
 * @param exampleShape one example's shape as the dataset stores it; an export's input is {@code
 *     [batch, ...exampleShape]}
 * @param layout what the axes of a batch mean
 * @param range the values the input holds
 * @param divisor what a raw value is divided by before standardising (255 for bytes, else 1)
 * @param mean the mean subtracted after dividing
 * @param std the standard deviation divided by after subtracting
 * @param standardisation the same as one formula, and who applies it: the graph, or the caller
 */
public record InputDescription(
    @JsonInclude(JsonInclude.Include.NON_NULL) String name,
    String dtype,
    List<Long> exampleShape,
    String layout,
    String range,
    double divisor,
    double mean,
    double std,
    String standardisation) {

  public InputDescription {
    exampleShape = List.copyOf(exampleShape);
  }

  /** The description of the input an export with this contract reads. */
  public static InputDescription of(InputContract contract) {
    return describing(contract, OnnxExporter.INPUT, " (inside the graph)");
  }

  /**
   * The description of the input of the DJL network trained with this contract: the same values and
   * numbers as its export's, but standardised by the caller, since the network reads the float32
   * results.
   *
   * @param networkShape one example as the network reads it, e.g. {@code [784]} for an MLP (the
   *     standardised values in the same row-major order), or null to say the example's shape
   */
  public static InputDescription beforeTheNetwork(InputContract contract, long[] networkShape) {
    long[] example = networkShape == null ? contract.exampleShape() : networkShape;
    long[] batch = new long[example.length + 1];
    batch[0] = OnnxGraph.BATCH;
    System.arraycopy(example, 0, batch, 1, example.length);
    return describing(
        contract,
        null,
        " (by the caller, before the network, which reads the results as float32 "
            + ModelMetadata.shape(batch)
            + ", row-major)");
  }

  private static InputDescription describing(
      InputContract contract, String name, String whoStandardises) {
    return new InputDescription(
        name,
        contract.elementType().label(),
        Arrays.stream(contract.exampleShape()).boxed().toList(),
        contract.layout(),
        contract.elementType().range(),
        contract.divisor(),
        contract.mean(),
        contract.std(),
        contract.formula() + whoStandardises);
  }
}
