package dev.taper.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** A temporary copy of a chart whose values.yaml has values files merged in, as Helm would. */
final class ChartCopy {

  private ChartCopy() {}

  static Path withValuesFiles(Path chart, List<Path> valuesFiles) {
    try {
      Path copy = Files.createTempDirectory("taper-chart").resolve(chart.getFileName());
      try (Stream<Path> paths = Files.walk(chart)) {
        for (Path source : paths.toList()) {
          Path target = copy.resolve(chart.relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      Map<String, Object> values = Yamls.file(chart.resolve("values.yaml"));
      for (Path file : valuesFiles) {
        values = merge(values, Yamls.file(file));
      }
      DumperOptions options = new DumperOptions();
      options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
      Files.writeString(copy.resolve("values.yaml"), new Yaml(options).dump(values));
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes a copy made by {@link #withValuesFiles} and the temporary folder it is in. */
  static void delete(Path copy) {
    try (Stream<Path> paths = Files.walk(copy.getParent())) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Helm's coalescing: maps merge key by key, anything else in {@code override} replaces. */
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    override.forEach(
        (key, value) -> {
          if (value == null) {
            merged.remove(key);
          } else if (value instanceof Map<?, ?> && merged.get(key) instanceof Map<?, ?>) {
            merged.put(key, merge(Yamls.map(merged.get(key)), Yamls.map(value)));
          } else {
            merged.put(key, value);
          }
        });
    return merged;
  }
}
