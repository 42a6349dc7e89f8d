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
 * section {@code "study": {"lrGrid": [3e-4, 1e-3, 3e-3], "tuneWide": true}} that the service would
 * reject and the study command takes out before reading the rest (unknown fields are errors, as in
 * the service).
 *
 * @param spec the experiment as written (defaults not yet filled in)
 * @param lrGrid the learning rates to sweep, or empty
 * @param tuneWide whether the WIDE teacher is swept over the grid too (it trains at the spec's rate
 *     otherwise)
 */
record StudySpecFile(ExperimentSpec spec, List<Double> lrGrid, boolean tuneWide) {

  static final String STUDY_SECTION = "study";
  static final String LR_GRID = "lrGrid";
  static final String TUNE_WIDE = "tuneWide";

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
      JsonNode study = object.remove(STUDY_SECTION);
      checkFields(study, path);
      List<Double> grid = lrGrid(study, path);
      boolean tuneWide = tuneWide(study, path);
      if (tuneWide && grid.isEmpty()) {
        throw invalid(
            path,
            TUNE_WIDE,
            "sweeps WIDE over " + STUDY_SECTION + "." + LR_GRID + ", which is empty");
      }
      return new StudySpecFile(STRICT.treeToValue(object, ExperimentSpec.class), grid, tuneWide);
    } catch (IOException e) {
      throw new StudyException("cannot read " + path + ": " + e.getMessage());
    } catch (JacksonException e) {
      throw new StudyException("invalid spec " + path + ": " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw new StudyException(
          "invalid spec " + path + ": " + qualified(LR_GRID) + ": " + e.getMessage());
    }
  }

  private static void checkFields(JsonNode study, Path path) {
    if (study == null) {
      return;
    }
    if (!study.isObject()) {
      throw new StudyException(
          "invalid spec " + path + ": " + STUDY_SECTION + " must be an object");
    }
    for (String field : study.propertyNames()) {
      if (!field.equals(LR_GRID) && !field.equals(TUNE_WIDE)) {
        throw new StudyException("invalid spec " + path + ": unknown field " + qualified(field));
      }
    }
  }

  private static boolean tuneWide(JsonNode study, Path path) {
    JsonNode value = study == null ? null : study.get(TUNE_WIDE);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw invalid(path, TUNE_WIDE, "must be true or false, not " + value);
    }
    return value.booleanValue();
  }

  private static List<Double> lrGrid(JsonNode study, Path path) {
    if (study == null) {
      return List.of();
    }
    JsonNode grid = study.get(LR_GRID);
    if (grid == null || grid.isNull()) {
      return List.of();
    }
    if (!grid.isArray()) {
      throw invalid(path, LR_GRID, "must be an array");
    }
    List<Double> values = new ArrayList<>();
    for (JsonNode value : grid.values()) {
      if (!value.isNumber()) {
        throw invalid(path, LR_GRID, "holds " + value);
      }
      values.add(value.doubleValue());
    }
    return LearningRateGrid.check(values);
  }

  /** "invalid spec PATH: study.FIELD PROBLEM". */
  private static StudyException invalid(Path path, String field, String problem) {
    return new StudyException("invalid spec " + path + ": " + qualified(field) + " " + problem);
  }

  private static String qualified(String field) {
    return STUDY_SECTION + "." + field;
  }
}
