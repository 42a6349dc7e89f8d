package dev.taper.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The one JSON dialect of every result file: indented, a number that could not be measured (NaN,
 * infinite) written as null, and unknown fields ignored on reading so that files written before a
 * field was added stay readable.
 */
final class ResultJson {

  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .addModule(
              new SimpleModule("finite-numbers")
                  .addSerializer(Double.class, new FiniteDouble())
                  .addSerializer(double.class, new FiniteDouble()))
          .build();

  private ResultJson() {}

  static String write(Object result) {
    return MAPPER.writeValueAsString(result) + "\n";
  }

  static <T> T read(Path file, Class<T> type) throws IOException {
    return MAPPER.readValue(Files.readString(file), type);
  }

  /** JSON has no NaN: a value that was not measured is null. */
  private static final class FiniteDouble extends ValueSerializer<Double> {
    @Override
    public void serialize(Double value, JsonGenerator gen, SerializationContext context) {
      if (value == null || !Double.isFinite(value)) {
        gen.writeNull();
      } else {
        gen.writeNumber(value);
      }
    }
  }
}
