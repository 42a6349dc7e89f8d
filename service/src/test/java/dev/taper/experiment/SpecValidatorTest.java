package dev.taper.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.taper.dataset.DatasetFormat;
import dev.taper.dataset.DatasetRegistry;
import dev.taper.dataset.RegisteredDataset;
import dev.taper.model.ModelCatalog;
import dev.taper.model.ModelRole;
import dev.taper.model.ModelView;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecDefaults;
import dev.taper.training.ImitationConfig.LayerInit;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.FieldError;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.NetworkFiles;
import dev.taper.training.family.resnet.ResNetArchitecture;
import dev.taper.training.family.transformer.TokenLayout;
import dev.taper.training.family.transformer.TransformerModelSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The family-specific checks of a spec's model, with the datasets and models mocked. */
class SpecValidatorTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final DatasetRegistry datasets = mock(DatasetRegistry.class);
  private final ModelCatalog models = mock(ModelCatalog.class);
  private final SpecValidator validator = new SpecValidator(json, datasets, models);

  @BeforeEach
  void datasets() {
    when(datasets.resolve(anyString())).thenReturn(Optional.empty());
    dataset("fashion-mnist", "[1, 28, 28]", 10);
    dataset("iris", "[4]", 3);
    dataset("motion", "[50, 6]", 5);
    dataset("cifar", "[3, 32, 32]", 10);
  }

  @Test
  void theDefaultsOfEveryFamilyAreValidOnImages() {
    for (String family : List.of("mlp", "resnet", "transformer")) {
      ExperimentSpec resolved = valid("{\"model\": {\"family\": \"" + family + "\"}}");
      assertThat(resolved.model().family()).isEqualTo(family);
    }
    assertThat(transformer(valid(Map.of("tokens", "\"patches\""))).patchSize()).isEqualTo(7);
  }

  @Test
  void aFieldGivenAsNullIsLeftOutAndTakesItsDefault() {
    assertThat(
            valid(
                "{\"model\": null, \"seed\": null, \"baselines\": null, \"wide\": null,"
                    + " \"imitate\": {\"optimizer\": null}}"))
        .isEqualTo(valid("{}"));
  }

  @Test
  void anUnknownFamilyIsNamedAndItsFieldsAreNotJudged() {
    assertThat(errors("{\"model\": {\"family\": \"cnn\", \"heads\": 2}}"))
        .containsExactly(Map.entry("model.family", "must be one of " + ModelFamilies.names()));
  }

  @Test
  void everyFieldOfAnotherFamilyIsRejected() {
    assertThat(
            errors(
                """
                {"model": {"family": "resnet", "depth": 4, "width": 64, "heads": 2,
                           "headSize": 8, "ffnWidth": 64, "tokens": "rows", "patchSize": 7,
                           "pooling": "cls"}}
                """))
        .containsOnlyKeys(
            "model.depth",
            "model.width",
            "model.heads",
            "model.headSize",
            "model.ffnWidth",
            "model.tokens",
            "model.patchSize",
            "model.pooling")
        .containsEntry("model.heads", "does not apply to family resnet");
    assertThat(
            errors(
                """
                {"model": {"family": "mlp", "stemChannels": 8, "stemStride": 1,
                           "stages": [{"blocks": 1, "channels": 8}], "pooling": "mean"}}
                """))
        .containsOnlyKeys("model.stemChannels", "model.stemStride", "model.stages", "model.pooling")
        .containsEntry("model.stages", "does not apply to family mlp");
    assertThat(errors("{\"model\": {\"family\": \"transformer\", \"stemChannels\": 8}}"))
        .containsExactly(Map.entry("model.stemChannels", "does not apply to family transformer"));
  }

  @Test
  void aBadResnetNamesEveryOffendingStageField() {
    assertThat(
            errors(
                """
                {"model": {"family": "resnet", "stemChannels": 0, "stemStride": 3,
                           "stages": [{"blocks": 65, "channels": 32, "innerChannels": 8},
                                      {"blocks": 2, "channels": 64, "innerChannels": 0},
                                      {"blocks": 1, "innerChannels": 4},
                                      {"blocks": 1, "channels": 1000000000}]}}
                """))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "model.stemChannels", "must be between 1 and 4096",
                "model.stemStride", "must be 1 or 2",
                "model.stages[0].blocks", "must be between 1 and 64",
                "model.stages[1].innerChannels", "must be between 1 and 4096",
                "model.stages[2].channels", "is required",
                "model.stages[3].channels", "must be between 1 and 4096",
                "model.stages[3].innerChannels", "must be between 1 and 4096"));
  }

  @Test
  void aResnetNeedsOneToEightStagesAndABoundedWideBottleneck() {
    assertThat(errors("{\"model\": {\"family\": \"resnet\", \"stages\": []}}"))
        .containsExactly(Map.entry("model.stages", "must list 1 to 8 stages"));
    assertThat(
            errors(
                """
                {"widenFactor": 8, "model": {"family": "resnet",
                 "stages": [{"blocks": 1, "channels": 64, "innerChannels": 4096}]}}
                """))
        .containsOnlyKeys("widenFactor");
  }

  @Test
  void aBadTransformerNamesEveryOffendingField() {
    assertThat(
            errors(
                """
                {"model": {"family": "transformer", "depth": 0, "width": 100000, "heads": 0,
                           "headSize": 2048, "ffnWidth": 0, "tokens": "pixels",
                           "pooling": "max"}}
                """))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "model.depth", "must be between 1 and 256",
                "model.width", "must be between 1 and 16384",
                "model.heads", "must be between 1 and 256",
                "model.headSize", "must be between 1 and 1024",
                "model.ffnWidth", "must be between 1 and 65536",
                "model.tokens", "must be one of [patches, rows, sequence]",
                "model.pooling", "must be one of [cls, mean]"));
  }

  @Test
  void patchSizeGoesOnlyWithPatchTokensAndMustDivideTheImage() {
    assertThat(errors(Map.of("tokens", "\"rows\"", "patchSize", "4")))
        .containsExactly(Map.entry("model.patchSize", "only with tokens=patches"));
    assertThat(errors(Map.of("patchSize", "4")))
        .containsExactly(Map.entry("model.patchSize", "only with tokens=patches"));
    assertThat(errors(Map.of("tokens", "\"patches\"", "patchSize", "0")))
        .containsExactly(Map.entry("model.patchSize", "must be between 1 and 1024"));
    assertThat(errors(Map.of("tokens", "\"patches\"", "patchSize", "5")))
        .containsExactly(
            Map.entry("model.patchSize", "must divide the images' height and width (28x28)"));
    assertThat(transformer(valid(Map.of("tokens", "\"patches\"", "patchSize", "4"))).patchSize())
        .isEqualTo(4);
  }

  @Test
  void attentionAndItsWideningAreBounded() {
    assertThat(errors(Map.of("heads", "256", "headSize", "128")))
        .containsExactly(
            Map.entry("model.heads", "heads x headSize must be at most 16384, was 32768"));
    // at the default widen factor of 4 the largest thin attention and FFN still fit
    valid(Map.of("heads", "64", "headSize", "256", "ffnWidth", "65536"));
    String widenedEightTimes = "{\"widenFactor\": 8, \"model\": {\"family\": \"transformer\", %s}}";
    assertThat(errors(widenedEightTimes.formatted("\"heads\": 64, \"headSize\": 256")))
        .containsExactly(
            Map.entry(
                "widenFactor",
                "makes the wide network's attention (heads x headSize) wider than 65536"));
    assertThat(errors(widenedEightTimes.formatted("\"ffnWidth\": 65536")))
        .containsExactly(
            Map.entry("widenFactor", "makes the wide network's FFN wider than 262144"));
    // widening the residual stream bounds it as a wide network's width
    assertThat(
            errors(
                widenedEightTimes.formatted(
                    "\"width\": 16384, \"headSize\": 8, \"widening\": \"residual\"")))
        .containsExactly(
            Map.entry("widenFactor", "makes the wide network's residual width wider than 65536"));
    valid(Map.of("width", "16384", "headSize", "8", "widening", "\"residual\""));
  }

  @Test
  void aNetworkMayNotHoldMoreParametersThanTheBoundWhateverItsDepthAndWidthAllow() {
    // each within its own bound, together 256 x 16384^2 = 6.9e10 weights (and its wide copy more)
    assertThat(
            errors(
                "{\"model\": {\"family\": \"mlp\", \"depth\": 256, \"width\": 16384},"
                    + " \"widenFactor\": 2}"))
        .containsOnlyKeys("model", "widenFactor")
        .hasEntrySatisfying(
            "model",
            message ->
                assertThat(message)
                    .startsWith("makes the thin network hold 68,")
                    .endsWith("parameters, more than the 1,000,000,000 a network may have"));
    // a widen factor out of its range does not hide the thin network's size
    assertThat(
            errors(
                "{\"model\": {\"family\": \"mlp\", \"depth\": 256, \"width\": 16384},"
                    + " \"widenFactor\": 64}"))
        .containsOnlyKeys("model", "widenFactor");
    // a thin network within the bound whose wide copy is not: 15 x 16384^2 = 4.0e9
    String wide = "{\"model\": {\"family\": \"mlp\", \"depth\": 16, \"width\": 2048}";
    assertThat(errors(wide + "}")).containsOnlyKeys("widenFactor");
    assertThat(errors(wide + "}").get("widenFactor")).startsWith("makes the wide network hold 4,");
    valid(wide + ", \"widenFactor\": 2}");
  }

  @Test
  void theDatasetsExamplesDecideWhichFamiliesAndTokensFit() {
    assertThat(errors("{\"dataset\": \"iris\", \"model\": {\"family\": \"resnet\"}}"))
        .containsExactly(
            Map.entry(
                "model.family",
                "resnet needs image examples (channels, height, width);"
                    + " dataset 'iris' has examples of shape [4]"));
    assertThat(errors("{\"dataset\": \"motion\", \"model\": {\"family\": \"transformer\"}}"))
        .containsExactly(
            Map.entry(
                "model.tokens",
                "rows needs image examples (channels, height, width);"
                    + " dataset 'motion' has examples of shape [50, 6] (use tokens=sequence)"));
    assertThat(errors("{\"model\": {\"family\": \"transformer\", \"tokens\": \"sequence\"}}"))
        .containsOnlyKeys("model.tokens");
    ExperimentSpec sequence =
        valid(
            "{\"dataset\": \"motion\","
                + " \"model\": {\"family\": \"transformer\", \"tokens\": \"sequence\"}}");
    assertThat(transformer(sequence).tokens()).isEqualTo(TokenLayout.SEQUENCE);
    // an mlp reads any examples flattened
    valid("{\"dataset\": \"motion\"}");
    valid("{\"dataset\": \"iris\"}");
  }

  @Test
  void aModelTheArchitectureRejectsIsAnErrorOnModel() {
    dataset("one-class", "[1, 28, 28]", 1);
    assertThat(errors("{\"dataset\": \"one-class\", \"model\": {\"family\": \"resnet\"}}"))
        .containsExactly(
            Map.entry("model", "does not fit dataset 'one-class': classes must be >= 2, was 1"));
  }

  @Test
  void headOnlyEpochsMustLeaveFineTuningSomeEpochsForEveryLayer() {
    assertThat(errors("{\"finetune\": {\"epochs\": 3, \"headEpochs\": 3}}"))
        .containsExactly(
            Map.entry("finetune.headEpochs", "must be >= 0 and below finetune.epochs (3)"));
    assertThat(errors("{\"finetune\": {\"headEpochs\": -0.5}}"))
        .containsOnlyKeys("finetune.headEpochs");
    assertThat(
            valid("{\"finetune\": {\"epochs\": 3, \"headEpochs\": 0.5}}").finetune().headEpochs())
        .isEqualTo(0.5);
  }

  @Test
  void featureConditioningWeightsAreBoundedAndOffByDefault() {
    assertThat(errors("{\"imitate\": {\"varianceWeight\": -1, \"decorrelationWeight\": 1e9}}"))
        .containsOnlyKeys("imitate.varianceWeight", "imitate.decorrelationWeight");
    var imitate = valid("{\"imitate\": {\"decorrelationWeight\": 0.5}}").imitate();
    assertThat(imitate.decorrelationWeight()).isEqualTo(0.5);
    assertThat(imitate.varianceWeight()).isZero();
  }

  @Test
  void layerInitIsStandardisedByDefaultAndTeacherUnitsOnlyForMlpAndResNetLayers() {
    assertThat(valid("{}").imitate().layerInit()).isEqualTo(LayerInit.STANDARDISED);
    assertThat(valid("{\"imitate\": {\"layerInit\": \"teacher_units\"}}").imitate().layerInit())
        .isEqualTo(LayerInit.TEACHER_UNITS);
    assertThat(errors("{\"imitate\": {\"layerInit\": \"pca\"}}"))
        .containsOnlyKeys("imitate.layerInit");
    assertThat(
            valid(
                    "{\"model\": {\"family\": \"resnet\"},"
                        + " \"imitate\": {\"layerInit\": \"teacher_units\"}}")
                .imitate()
                .layerInit())
        .isEqualTo(LayerInit.TEACHER_UNITS);
    assertThat(
            errors(
                "{\"model\": {\"family\": \"transformer\"},"
                    + " \"imitate\": {\"layerInit\": \"teacher_units\"}}"))
        .containsOnlyKeys("imitate.layerInit")
        .hasEntrySatisfying(
            "imitate.layerInit",
            message -> assertThat(message).contains("transformer", "mlp", "resnet"));
  }

  @Test
  void aNameCountsCharactersNotUtf16UnitsAndHoldsNoNul() {
    String emoji = "\uD83D\uDE80";
    assertThat(valid("{\"name\": \"" + emoji.repeat(200) + "\"}").name()).hasSize(400);
    assertThat(errors("{\"name\": \"" + emoji.repeat(201) + "\"}")).containsOnlyKeys("name");
    assertThat(errors("{\"name\": \"a\\u0000b\"}"))
        .containsOnlyKeys("name")
        .hasEntrySatisfying("name", message -> assertThat(message).contains("NUL"));
  }

  @Test
  void aLogitsWeightIsBoundedOffByDefaultAndNeedsTheJointSchedule() {
    assertThat(valid("{}").imitate().logitsWeight()).isZero();
    assertThat(errors("{\"imitate\": {\"logitsWeight\": -0.5}}"))
        .containsOnlyKeys("imitate.logitsWeight");
    assertThat(errors("{\"imitate\": {\"schedule\": \"progressive\", \"logitsWeight\": 1}}"))
        .containsOnlyKeys("imitate.logitsWeight")
        .extractingByKey("imitate.logitsWeight")
        .asString()
        .contains("needs imitate.schedule joint");
    assertThat(valid("{\"imitate\": {\"logitsWeight\": 2}}").imitate().logitsWeight())
        .isEqualTo(2.0);
  }

  @Test
  void jumpRecoveryIsCheckedFieldByFieldAndFilledInFromTheDefault() {
    var byDefault = valid("{}").imitate().jumpRecovery();
    assertThat(byDefault.jumpFactor()).isEqualTo(1.3);
    assertThat(byDefault.rateFactor()).isEqualTo(0.5);
    assertThat(
            errors(
                "{\"imitate\": {\"jumpRecovery\":"
                    + " {\"jumpFactor\": 1, \"rateFactor\": 0, \"maxRollbacks\": -1}}}"))
        .containsOnlyKeys(
            "imitate.jumpRecovery.jumpFactor",
            "imitate.jumpRecovery.rateFactor",
            "imitate.jumpRecovery.maxRollbacks");
    assertThat(errors("{\"imitate\": {\"jumpRecovery\": 5}}"))
        .containsOnlyKeys("imitate.jumpRecovery");
    assertThat(errors("{\"imitate\": {\"jumpRecovery\": {\"jumpfactor\": 2}}}"))
        .containsOnlyKeys("imitate.jumpRecovery.jumpfactor");
    var given = valid("{\"imitate\": {\"jumpRecovery\": {\"maxRollbacks\": 3}}}").imitate();
    assertThat(given.jumpRecovery().maxRollbacks()).isEqualTo(3);
    assertThat(given.jumpRecovery().jumpFactor()).isEqualTo(byDefault.jumpFactor());
  }

  @Test
  void fineTuningsEarlyStoppingIsCheckedAndFilledInLikeWides() {
    assertThat(errors("{\"finetune\": {\"earlyStopping\": {\"patience\": -1, \"minDelta\": 2}}}"))
        .containsOnlyKeys("finetune.earlyStopping.patience", "finetune.earlyStopping.minDelta");
    var earlyStopping =
        valid("{\"finetune\": {\"earlyStopping\": {\"patience\": 1}}}").finetune().earlyStopping();
    assertThat(earlyStopping.patience()).isEqualTo(1);
    assertThat(earlyStopping.minDelta()).isEqualTo(0.001);
    assertThat(valid("{}").finetune().earlyStopping()).isNull();
  }

  @Test
  void oneSpecWithManyMistakesGetsThemAllAtOnce() {
    var errors =
        errors(
            """
            {"widenFactor": 0,
             "model": {"family": "transformer", "heads": 0, "tokens": "patches",
                       "patchSize": 2000, "pooling": "max", "stages": [],
                       "stemChannels": 4},
             "seed": -1}
            """);
    assertThat(errors)
        .containsOnlyKeys(
            "widenFactor",
            "model.heads",
            "model.patchSize",
            "model.pooling",
            "model.stages",
            "model.stemChannels",
            "seed")
        .containsEntry("model.patchSize", "must be between 1 and 1024")
        .containsEntry("model.stages", "does not apply to family transformer");
  }

  @Test
  void aResnetTeacherMustBeThisSpecsModelWidened() {
    String spec = "{\"model\": {\"family\": \"resnet\"}, \"teacher\": {\"modelId\": \"%s\"}}";
    ExperimentSpec resolved = valid("{\"model\": {\"family\": \"resnet\"}}");
    Architecture wide =
        ModelFamilies.architecture(resolved.model(), new long[] {1, 28, 28}, 10).widen(4);
    UUID matching = teacher(wide);
    assertThat(valid(spec.formatted(matching)).teacher().modelId()).isEqualTo(matching.toString());

    ResNetArchitecture other = ((ResNetArchitecture) wide).widen(2);
    UUID wider = teacher(other);
    assertThat(errors(spec.formatted(wider))).containsOnlyKeys("teacher.modelId");
    assertThat(errors(spec.formatted(wider)).get("teacher.modelId"))
        .contains("is not this spec's model widened 4x on this dataset");
  }

  @Test
  void aTeachersModelIdIsJudgedBesideAMistakeInItsOtherFields() {
    assertThat(errors("{\"teacher\": {\"modelId\": \"zz\", \"reuse\": \"yes\"}}"))
        .containsOnlyKeys("teacher.modelId", "teacher.reuse")
        .containsEntry("teacher.modelId", "must be a model id (a UUID)");
    assertThat(errors("{\"teacher\": {\"modelId\": \"zz\", \"reuse\": true}}"))
        .containsOnlyKeys("teacher", "teacher.modelId")
        .containsEntry("teacher.modelId", "must be a model id (a UUID)");
  }

  @Test
  void aBatchLargerThanTheTrainingSplitIsNamedAtSubmission() {
    dataset("tiny", "[4]", 3, 100);
    String tooLarge =
        ", larger than the 90 training examples dataset 'tiny' leaves after"
            + " limits.trainExamples and the validation hold-out (limits.validationFraction);"
            + " set it to at most 90";
    assertThat(errors("{\"dataset\": \"tiny\"}"))
        .containsOnly(
            Map.entry("wide.batchSize", "is 128" + tooLarge),
            Map.entry("imitate.batchSize", "is 256" + tooLarge),
            Map.entry("finetune.batchSize", "is 128" + tooLarge));
    valid(
        """
        {"dataset": "tiny", "wide": {"batchSize": 90}, "imitate": {"batchSize": 64},
         "finetune": {"batchSize": 32}}
        """);
  }

  @Test
  void theLimitsDecideHowManyExamplesABatchIsDrawnFrom() {
    // 1000 examples registered: 100 of them, none held out, are still fewer than 128
    assertThat(errors("{\"limits\": {\"trainExamples\": 100, \"validationFraction\": 0}}"))
        .containsOnlyKeys("wide.batchSize", "imitate.batchSize", "finetune.batchSize")
        .containsEntry(
            "finetune.batchSize",
            "is 128, larger than the 100 training examples dataset 'fashion-mnist' leaves after"
                + " limits.trainExamples and the validation hold-out (limits.validationFraction);"
                + " set it to at most 100");
    String imitation128 = "\"imitate\": {\"batchSize\": 128}";
    valid("{" + imitation128 + ", \"limits\": {\"trainExamples\": 142}}");
    assertThat(errors("{" + imitation128 + ", \"limits\": {\"trainExamples\": 141}}"))
        .containsOnlyKeys("wide.batchSize", "imitate.batchSize", "finetune.batchSize");
  }

  @Test
  void earlyStoppingWithoutValidationExamplesIsNamedAtSubmission() {
    String noHoldOut =
        "selects on validation accuracy, but limits.validationFraction leaves no validation"
            + " examples of the 1000 training examples; raise limits.validationFraction or set"
            + " patience to 0";
    assertThat(
            errors(
                """
                {"limits": {"validationFraction": 0}, "wide": {"earlyStopping": {"patience": 3}},
                 "finetune": {"earlyStopping": {"patience": 2}}}
                """))
        .containsOnly(
            Map.entry("wide.earlyStopping", noHoldOut),
            Map.entry("finetune.earlyStopping", noHoldOut));
    // 0.0004 of 1000 examples rounds to no validation example at all
    assertThat(
            errors(
                """
                {"limits": {"validationFraction": 0.0004},
                 "finetune": {"earlyStopping": {"patience": 2}}}
                """))
        .containsOnlyKeys("finetune.earlyStopping");
    // a rejected patience is named alone, not judged against the hold-out
    assertThat(
            errors(
                """
                {"limits": {"validationFraction": 0}, "finetune": {"earlyStopping": {"patience": -1}}}
                """))
        .containsOnlyKeys("finetune.earlyStopping.patience");
    valid("{\"limits\": {\"validationFraction\": 0.0005}, \"wide\": {\"earlyStopping\": {}}}");
    valid(
        """
        {"limits": {"validationFraction": 0}, "finetune": {"earlyStopping": {"patience": 0}}}
        """);
  }

  @Test
  void aNamedTeachersBatchSizeIsNotJudgedSinceWideDoesNotTrain() {
    dataset("tiny", "[4]", 3, 100);
    ExperimentSpec resolved = valid("{\"dataset\": \"iris\"}");
    Architecture wide = ModelFamilies.architecture(resolved.model(), new long[] {4}, 3).widen(8);
    UUID teacher = teacher(wide);
    assertThat(
            errors(
                """
                {"dataset": "tiny", "teacher": {"modelId": "%s"},
                 "imitate": {"batchSize": 90}, "finetune": {"batchSize": 91}}
                """
                    .formatted(teacher)))
        .containsOnlyKeys("finetune.batchSize");
  }

  @Test
  void theResolvedSpecIsWhatTheDefaultsGive() {
    String spec = "{\"model\": {\"family\": \"transformer\", \"tokens\": \"patches\"}}";
    assertThat(valid(spec))
        .isEqualTo(SpecDefaults.resolve(json.readValue(spec, ExperimentSpec.class)));
  }

  private static TransformerModelSpec transformer(ExperimentSpec spec) {
    return (TransformerModelSpec) spec.model();
  }

  private ExperimentSpec valid(String spec) {
    return validator.validate(json.readTree(spec));
  }

  private ExperimentSpec valid(Map<String, String> transformerFields) {
    return valid(transformer(transformerFields));
  }

  /** field to message; one entry per field (a field is never named twice). */
  private Map<String, String> errors(String spec) {
    InvalidSpecException e =
        catchThrowableOfType(
            InvalidSpecException.class, () -> validator.validate(json.readTree(spec)));
    assertThat(e).as("rejected: %s", spec).isNotNull();
    return e.errors().stream().collect(Collectors.toMap(FieldError::field, FieldError::message));
  }

  private Map<String, String> errors(Map<String, String> transformerFields) {
    return errors(transformer(transformerFields));
  }

  private static String transformer(Map<String, String> fields) {
    return "{\"model\": {\"family\": \"transformer\""
        + fields.entrySet().stream()
            .map(f -> ", \"" + f.getKey() + "\": " + f.getValue())
            .collect(Collectors.joining())
        + "}}";
  }

  private void dataset(String name, String shape, int classes) {
    dataset(name, shape, classes, 1000);
  }

  private void dataset(String name, String shape, int classes, int trainExamples) {
    when(datasets.resolve(name))
        .thenReturn(
            Optional.of(
                new RegisteredDataset(
                    UUID.randomUUID(),
                    name,
                    DatasetFormat.IDX,
                    "x",
                    "abc",
                    RegisteredDataset.shapeOf(shape),
                    classes,
                    trainExamples,
                    100,
                    Instant.now())));
  }

  private UUID teacher(Architecture architecture) {
    UUID id = UUID.randomUUID();
    when(models.find(id))
        .thenReturn(
            Optional.of(
                new ModelView(
                    id,
                    UUID.randomUUID(),
                    1,
                    ModelRole.WIDE,
                    architecture.family(),
                    json.readTree(NetworkFiles.architectureJson(architecture)),
                    architecture.parameterCount(),
                    architecture.flopsPerExample(),
                    1,
                    "sha",
                    json.readTree("{}"),
                    null,
                    Instant.now(),
                    "models/" + id)));
    return id;
  }
}
