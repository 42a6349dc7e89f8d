package dev.taper.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** Small helpers to walk parsed YAML (maps, lists, scalars) without casts at every step. */
final class Yamls {

  private Yamls() {}

  static List<Map<String, Object>> documents(String yaml) {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : new Yaml().loadAll(yaml)) {
      if (document != null) {
        documents.add(map(document));
      }
    }
    return documents;
  }

  static Map<String, Object> file(Path path) {
    try {
      return map(new Yaml().load(Files.readString(path)));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + path, e);
    }
  }

  /** The value at a dotted path ({@code spec.template.spec}), or null where any step is absent. */
  static Object at(Object node, String path) {
    Object current = node;
    for (String key : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  static Map<String, Object> mapAt(Object node, String path) {
    Object value = at(node, path);
    return value == null ? Map.of() : map(value);
  }

  static List<Map<String, Object>> listAt(Object node, String path) {
    Object value = at(node, path);
    if (value == null) {
      return List.of();
    }
    List<Map<String, Object>> list = new ArrayList<>();
    for (Object item : (List<?>) value) {
      list.add(map(item));
    }
    return list;
  }

  static String string(Object node, String path) {
    Object value = at(node, path);
    return value == null ? null : value.toString();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}
