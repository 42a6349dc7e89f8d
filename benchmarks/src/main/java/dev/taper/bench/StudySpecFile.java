package dev.taper.bench;

import dev.taper.spec.ExperimentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A study's spec file: the experiment spec the service accepts, plus an optional benchmark-only
 * section {@code "study": {"lrGrid": [3e-4, 1e-3, 3e-3]}} that the service would reject and the
 * study command takes out before reading the rest (unknown fields are errors, as in the service).
 *
 * @param spec the experiment as written (defaults not yet filled in)
 * @param lrGrid the learning rates to sweep, or empty
 */
record StudySpecFile(ExperimentSpec spec, List<Double> lrGrid) {

  static final String STUDY_SECTION = "study";
  static final String LR_GRID = "lrGrid";

  private static final JsonMapper STRICT =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  StudySpecFile {
    lrGrid = List.copyOf(lrGrid);
  }

  static StudySpecFile read(Path path) {
    try {
      JsonNode root = STRICT.readTree(Files.readString(path));
      if (!(root instanceof ObjectNode object)) {
        throw new StudyException("invalid spec " + path + ": not a JSON object");
      }
      List<Double> grid = lrGrid(object.remove(STUDY_SECTION), path);
      return new StudySpecFile(STRICT.treeToValue(object, ExperimentSpec.class), grid);
    } catch (IOException e) {
      throw new StudyException("cannot read " + path + ": " + e.getMessage());
    } catch (JacksonException e) {
      throw new StudyException("invalid spec " + path + ": " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw new StudyException(
          "invalid spec " + path + ": " + STUDY_SECTION + "." + LR_GRID + ": " + e.getMessage());
    }
  }

  private static List<Double> lrGrid(JsonNode study, Path path) {
    if (study == null) {
      return List.of();
    }
    for (String field : study.propertyNames()) {
      if (!field.equals(LR_GRID)) {
        throw new StudyException(
            "invalid spec " + path + ": unknown field " + STUDY_SECTION + "." + field);
      }
    }
    JsonNode grid = study.get(LR_GRID);
    if (grid == null || grid.isNull()) {
      return List.of();
    }
    if (!grid.isArray()) {
      throw new StudyException(
          "invalid spec " + path + ": " + STUDY_SECTION + "." + LR_GRID + " must be an array");
    }
    List<Double> values = new ArrayList<>();
    for (JsonNode value : grid.values()) {
      if (!value.isNumber()) {
        throw new StudyException(
            "invalid spec " + path + ": " + STUDY_SECTION + "." + LR_GRID + " holds " + value);
      }
      values.add(value.doubleValue());
    }
    return LearningRateGrid.check(values);
  }
}
