package dev.taper.bench;

import dev.taper.storage.Sha256;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What decides a study run's figures apart from the machine and the code: the stage, the seed (it
 * prepares the data and seeds the stage's random numbers), the data's limits, the thin network, the
 * stage's settings at the rate it trains with, and the recipes of the runs whose networks it takes
 * (the teacher, the imitated network). Two runs with the same recipe on the same kernels and code
 * compute the same figures to the last digit, which is what lets a study take a run from another
 * study's journal instead of training it ({@link ReusableRuns}). {@link RunRecipes} writes them.
 *
 * @param json the recipe as read back from text, its fields in name order, so that a recipe built
 *     here and one read from a journal compare and digest alike
 */
record RunRecipe(JsonNode json) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  RunRecipe {
    json = sorted(JSON.readTree(JSON.writeValueAsString(json)));
  }

  /** A recipe from the values it is made of; records keep their fields in a fixed order. */
  static RunRecipe of(Object parts) {
    return new RunRecipe(JSON.valueToTree(parts));
  }

  /** A short, stable name for the recipe: the SHA-256 of its JSON text. */
  String digest() {
    return Sha256.of(JSON.writeValueAsString(json));
  }

  /** The same tree with every object's fields in name order, so that equal recipes read alike. */
  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JSON.createObjectNode();
      new TreeSet<>(node.propertyNames()).forEach(name -> copy.set(name, sorted(node.get(name))));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JSON.createArrayNode();
      node.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }

  /** The stage kind the recipe trains (WIDE, IMITATE, FINETUNE, SCRATCH, KD or DEEPER). */
  String kind() {
    return json.path("kind").asString();
  }
}
