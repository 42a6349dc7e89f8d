package dev.taper.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A spec seen as its leaves: {@code imitate.optimizer.learningRate -> 0.001}. Lets a result say
 * which fields the defaults filled in, and an ablation table say what differs between studies.
 */
final class SpecPaths {

  private static final String BASELINES = "baselines";

  private SpecPaths() {}

  /** Every non-null leaf of a spec (or any JSON tree), by dotted path, in document order. */
  static Map<String, String> leaves(Object spec) {
    Map<String, String> leaves = new LinkedHashMap<>();
    collect("", ResultJson.MAPPER.valueToTree(spec), leaves);
    return leaves;
  }

  /**
   * A study's settings as leaves: its spec's, and the study section's switches that were on ({@code
   * study.lrGrid}, as one leaf, {@code study.tuneWide}, {@code study.tuneImitation}), as its
   * selection recorded them. The spec's baselines are left out: a study trains all three whatever
   * its file lists, and results written before it recorded that still show the file's list.
   */
  static Map<String, String> settings(StudyResult result) {
    Map<String, String> leaves = leaves(result.spec());
    leaves.keySet().removeIf(path -> path.equals(BASELINES) || path.startsWith(BASELINES + "["));
    StudyResult.Selection selection = result.selection();
    if (selection == null) {
      return leaves;
    }
    if (!selection.lrGrid().isEmpty()) {
      leaves.put(
          StudySpecFile.STUDY_SECTION + "." + StudySpecFile.LR_GRID,
          selection.lrGrid().stream()
              .map(StudySelection::rate)
              .collect(Collectors.joining(", ", "[", "]")));
    }
    if (selection.wideTuned()) {
      leaves.put(StudySpecFile.STUDY_SECTION + "." + StudySpecFile.TUNE_WIDE, "true");
    }
    if (selection.imitationTuned()) {
      leaves.put(StudySpecFile.STUDY_SECTION + "." + StudySpecFile.TUNE_IMITATION, "true");
    }
    return leaves;
  }

  /** Leaves the resolved spec has that the spec as written left out. */
  static List<String> defaulted(Object written, Object resolved) {
    Map<String, String> given = leaves(written);
    return leaves(resolved).keySet().stream()
        .filter(path -> !given.containsKey(path) && !coveredByArray(path, given))
        .toList();
  }

  /**
   * The leaves whose values are not the same in every spec (absent counts as a value), in the order
   * they first appear; the name is left out, being different by design.
   */
  static List<String> differing(List<Map<String, String>> specs) {
    Set<String> paths = new LinkedHashSet<>();
    specs.forEach(spec -> paths.addAll(spec.keySet()));
    List<String> differing = new ArrayList<>();
    for (String path : paths) {
      if (path.equals("name")) {
        continue;
      }
      String first = specs.get(0).get(path);
      if (specs.stream().anyMatch(spec -> !Objects.equals(spec.get(path), first))) {
        differing.add(path);
      }
    }
    return differing;
  }

  /** Whether the written spec set the array this element belongs to, even as {@code []}. */
  private static boolean coveredByArray(String path, Map<String, String> given) {
    int bracket = path.indexOf('[');
    if (bracket <= 0) {
      return false;
    }
    String array = path.substring(0, bracket);
    return given.containsKey(array)
        || given.keySet().stream().anyMatch(g -> g.startsWith(array + "["));
  }

  private static void collect(String prefix, JsonNode node, Map<String, String> leaves) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return;
    }
    if (node.isObject()) {
      for (String name : node.propertyNames()) {
        collect(prefix.isEmpty() ? name : prefix + "." + name, node.get(name), leaves);
      }
    } else if (node.isArray()) {
      if (node.isEmpty()) {
        leaves.put(prefix, "[]");
      }
      for (int i = 0; i < node.size(); i++) {
        collect(prefix + "[" + i + "]", node.get(i), leaves);
      }
    } else {
      leaves.put(prefix, node.isString() ? node.stringValue() : node.toString());
    }
  }
}
