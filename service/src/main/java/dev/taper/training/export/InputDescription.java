package dev.taper.training.export;

import java.util.Arrays;
import java.util.List;

/**
 * How an exported graph reads its input, as data a program outside Taper can use: the tensor's name
 * and element type, one example's shape (the graph's input is a batch of them), what the axes mean,
 * the values it accepts, and the standardisation the graph applies itself.
 *
 * @param name the graph input's name
 * @param dtype {@code uint8} or {@code float32}
 * @param exampleShape one example's shape; the graph's input is {@code [batch, ...exampleShape]}
 * @param layout what the axes of a batch mean
 * @param range the values the input holds
 * @param divisor what a raw value is divided by before standardising (255 for bytes, else 1)
 * @param mean the mean subtracted after dividing
 * @param std the standard deviation divided by after subtracting
 * @param standardisation the same as one formula, applied inside the graph
 */
public record InputDescription(
    String name,
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
    return new InputDescription(
        OnnxExporter.INPUT,
        contract.elementType().label(),
        Arrays.stream(contract.exampleShape()).boxed().toList(),
        contract.layout(),
        contract.elementType().range(),
        contract.divisor(),
        contract.mean(),
        contract.std(),
        contract.formula() + " (inside the graph)");
  }
}
