package dev.taper.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/spec.md against the code: a row for every field a spec resolves to (the model's fields
 * aside, which the README's family table gives), no row for a field that does not exist, and each
 * default written there the value an empty spec (an MLP) resolves to.
 */
class SpecReferenceTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z.<>]+)` \\| ([^|]*) \\|");
  private static final Pattern LITERAL = Pattern.compile("`([^`]*)`");
  private static final List<String> STAGES_WITH_OPTIMIZERS = List.of("wide", "imitate", "finetune");

  @Test
  void everyResolvedFieldHasARowWithItsDefault() throws IOException {
    Map<String, String> rows = documentedDefaults();
    Map<String, JsonNode> fields = resolvedFields();

    assertThat(rows.keySet())
        .as("rows of docs/spec.md for fields that do not exist")
        .isSubsetOf(fields.keySet());
    assertThat(fields.keySet())
        .as("fields without a row in docs/spec.md")
        .isSubsetOf(rows.keySet());
    List<String> wrong = new ArrayList<>();
    fields.forEach(
        (path, resolved) -> {
          String cell = rows.get(path);
          if (!matches(cell, resolved)) {
            wrong.add(path + ": docs say '" + cell + "', an empty spec resolves to " + resolved);
          }
        });
    assertThat(wrong).as("defaults in docs/spec.md").isEmpty();
  }

  /**
   * The default cell's first literal is the resolved value; a cell with no literal ("all", "none",
   * "off") stands for a value the spec leaves unset.
   */
  private static boolean matches(String cell, JsonNode resolved) {
    Matcher literal = LITERAL.matcher(cell);
    if (!literal.find()) {
      return resolved.isNull() || resolved.isObject();
    }
    JsonNode documented;
    try {
      documented = JSON.readTree(literal.group(1));
    } catch (RuntimeException notJson) {
      return resolved.isString() && resolved.asString().equals(literal.group(1));
    }
    if (documented.isNumber() && resolved.isNumber()) {
      return documented.asDouble() == resolved.asDouble();
    }
    return documented.equals(resolved);
  }

  /** Each row's field and default cell; {@code <stage>} rows stand for every optimiser. */
  private static Map<String, String> documentedDefaults() throws IOException {
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(specPage())) {
      Matcher row = ROW.matcher(line);
      if (!row.find()) {
        continue;
      }
      String field = row.group(1);
      List<String> paths =
          field.startsWith("<stage>.")
              ? STAGES_WITH_OPTIMIZERS.stream().map(s -> field.replace("<stage>", s)).toList()
              : List.of(field);
      for (String path : paths) {
        assertThat(rows.put(path, row.group(2).trim())).as("%s listed twice", path).isNull();
      }
    }
    assertThat(rows).as("rows in docs/spec.md").isNotEmpty();
    return rows;
  }

  /**
   * Every field of an empty spec once resolved, by dotted path, with early stopping asked for so
   * that its fields appear; objects are listed as well as their fields, the model as one field.
   */
  private static Map<String, JsonNode> resolvedFields() {
    ExperimentSpec asked =
        JSON.readValue(
            """
            {"wide": {"earlyStopping": {}}, "finetune": {"earlyStopping": {}}}
            """,
            ExperimentSpec.class);
    JsonNode withEarlyStopping = JSON.valueToTree(SpecDefaults.resolve(asked));
    JsonNode empty =
        JSON.valueToTree(SpecDefaults.resolve(JSON.readValue("{}", ExperimentSpec.class)));
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    collect("", withEarlyStopping, empty, fields);
    return fields;
  }

  private static void collect(
      String prefix, JsonNode node, JsonNode unasked, Map<String, JsonNode> fields) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String path = prefix + field.getKey();
      JsonNode value = field.getValue();
      JsonNode emptyValue = unasked == null ? null : unasked.get(field.getKey());
      if (value.isObject() && !path.equals("model")) {
        // an object an empty spec leaves out (early stopping) is documented as off
        fields.put(path, emptyValue == null ? JSON.nullNode() : emptyValue);
        collect(path + ".", value, emptyValue, fields);
      } else {
        fields.put(path, value);
      }
    }
    fields.keySet().removeIf(path -> isContainer(path, fields));
  }

  /** Objects the page describes through their fields only (the optimisers, jump recovery...). */
  private static boolean isContainer(String path, Map<String, JsonNode> fields) {
    return fields.get(path).isObject()
        && !path.equals("model")
        && fields.keySet().stream().anyMatch(p -> p.startsWith(path + "."));
  }

  private static Path specPage() {
    Path directory = Path.of("").toAbsolutePath();
    while (directory != null && !Files.isRegularFile(directory.resolve("docs/spec.md"))) {
      directory = directory.getParent();
    }
    assertThat(directory).as("docs/spec.md above the working directory").isNotNull();
    return directory.resolve("docs/spec.md");
  }
}
