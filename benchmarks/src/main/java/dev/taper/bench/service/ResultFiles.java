package dev.taper.bench.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes a benchmark's result as {@code NAME.json} and its Markdown as {@code NAME.md}. */
final class ResultFiles {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private ResultFiles() {}

  static void write(
      Map<String, Object> result,
      Path directory,
      String name,
      Function<Map<String, Object>, String> markdown)
      throws IOException {
    Files.createDirectories(directory);
    Files.writeString(directory.resolve(name + ".json"), json(result) + "\n");
    Files.writeString(directory.resolve(name + ".md"), markdown.apply(result));
  }

  /** Indented JSON, as the result file has it. */
  static String json(Object value) {
    return JSON.writeValueAsString(value);
  }
}
