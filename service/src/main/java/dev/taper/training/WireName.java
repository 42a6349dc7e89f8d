package dev.taper.training;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A closed vocabulary of the experiment spec. Each constant's wire name is its name in lower case
 * ({@code NORMALIZED_MSE} is {@code normalized_mse}): JSON reads and writes it, and validation
 * lists the allowed values from the enum itself, so a name is spelt in exactly one place.
 */
public interface WireName {

  String name();

  @JsonValue
  default String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every wire name of {@code type}, sorted (as error messages list them). */
  static List<String> allOf(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(constant -> ((WireName) constant).wireName())
        .sorted()
        .toList();
  }

  /** The constant whose wire name is {@code wireName}, compared exactly. */
  static <E extends Enum<E> & WireName> Optional<E> parse(Class<E> type, String wireName) {
    return Arrays.stream(type.getEnumConstants())
        .filter(constant -> constant.wireName().equals(wireName))
        .findFirst();
  }
}
