package dev.taper.bench;

import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecParser;
import dev.taper.training.family.FieldError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A study's spec file: the experiment spec the service accepts, plus an optional benchmark-only
 * section {@code "study": {"lrGrid": [3e-4, 1e-3, 3e-3], "tuneWide": true, "tuneImitation": true}}
 * that the service would reject and the study command takes out before checking the rest as the
 * service checks a submission.
 *
 * @param spec the experiment as written (defaults not yet filled in)
 * @param tuning the grid and what is swept over it (WIDE and imitation train at the spec's rates
 *     unless {@code tuneWide} or {@code tuneImitation} says otherwise)
 */
record StudySpecFile(ExperimentSpec spec, StudyTuning tuning) {

  static final String STUDY_SECTION = "study";
  static final String LR_GRID = "lrGrid";
  static final String TUNE_WIDE = "tuneWide";
  static final String TUNE_IMITATION = "tuneImitation";

  private static final JsonMapper STRICT =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  static StudySpecFile read(Path path) {
    try {
      JsonNode root = STRICT.readTree(Files.readString(path));
      if (!(root instanceof ObjectNode object)) {
        throw new StudyException("invalid spec " + path + ": not a JSON object");
      }
      JsonNode study = object.remove(STUDY_SECTION);
      checkFields(study, path);
      List<Double> grid = lrGrid(study, path);
      boolean tuneWide = flag(study, TUNE_WIDE, "WIDE", grid, path);
      boolean tuneImitation = flag(study, TUNE_IMITATION, "imitation", grid, path);
      checkAsTheServiceDoes(object, path);
      return new StudySpecFile(
          STRICT.treeToValue(object, ExperimentSpec.class),
          new StudyTuning(grid, tuneWide, tuneImitation));
    } catch (IOException e) {
      throw new StudyException("cannot read " + path + ": " + e.getMessage());
    } catch (JacksonException e) {
      throw new StudyException("invalid spec " + path + ": " + e.getOriginalMessage());
    }
  }

  /**
   * The checks the service makes of a submitted spec (field types, vocabularies, ranges), so that a
   * study runs only what a user could submit: reading the file alone would, for one, truncate
   * {@code "epochs": 12.5} to 12 without a word.
   */
  private static void checkAsTheServiceDoes(ObjectNode spec, Path path) {
    List<FieldError> errors = new SpecParser(STRICT).parse(spec).errors();
    if (!errors.isEmpty()) {
      throw new StudyException(
          "invalid spec "
              + path
              + ": "
              + errors.stream()
                  .map(e -> e.field().isEmpty() ? e.message() : e.field() + " " + e.message())
                  .collect(Collectors.joining("; ")));
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
      if (!List.of(LR_GRID, TUNE_WIDE, TUNE_IMITATION).contains(field)) {
        throw new StudyException("invalid spec " + path + ": unknown field " + qualified(field));
      }
    }
  }

  /** A {@code study} switch that sweeps {@code what} over the grid: false when absent. */
  private static boolean flag(
      JsonNode study, String field, String what, List<Double> grid, Path path) {
    JsonNode value = study == null ? null : study.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw invalid(path, field, "must be true or false, not " + value);
    }
    if (value.booleanValue() && grid.isEmpty()) {
      throw invalid(
          path, field, "sweeps " + what + " over " + qualified(LR_GRID) + ", which is empty");
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
    try {
      return LearningRateGrid.check(values);
    } catch (IllegalArgumentException e) {
      throw new StudyException(
          "invalid spec " + path + ": " + qualified(LR_GRID) + ": " + e.getMessage());
    }
  }

  /** "invalid spec PATH: study.FIELD PROBLEM". */
  private static StudyException invalid(Path path, String field, String problem) {
    return new StudyException("invalid spec " + path + ": " + qualified(field) + " " + problem);
  }

  private static String qualified(String field) {
    return STUDY_SECTION + "." + field;
  }
}
