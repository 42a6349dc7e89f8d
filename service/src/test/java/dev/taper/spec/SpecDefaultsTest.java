package dev.taper.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taper.training.ImitationConfig.ImitationLoss;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.mlp.MlpModelSpec;
import dev.taper.training.family.resnet.ResNetModelSpec;
import dev.taper.training.family.resnet.ResNetModelSpec.StageSpec;
import dev.taper.training.family.transformer.Pooling;
import dev.taper.training.family.transformer.TokenLayout;
import dev.taper.training.family.transformer.TransformerModelSpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class SpecDefaultsTest {

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void anMlpGetsDepthEightWidthThirtyTwoWidenedEightTimes() {
    ExperimentSpec resolved = resolve("{}");
    assertThat(resolved.model()).isEqualTo(new MlpModelSpec(8, 32));
    assertThat(resolved.widenFactor()).isEqualTo(8);
    assertThat(resolved.imitate().loss()).isEqualTo(ImitationLoss.NORMALIZED_MSE);
  }

  @Test
  void imitationsBatchSizeComesFromTheFamilyAndAUserValueWins() {
    assertThat(resolve("{}").imitate().batchSize()).isEqualTo(256);
    assertThat(resolve("{\"imitate\": {\"stepsPerLayer\": 5}}").imitate().batchSize())
        .isEqualTo(256);
    assertThat(resolve("{\"model\": {\"family\": \"resnet\"}}").imitate().batchSize())
        .isEqualTo(128);
    assertThat(resolve("{\"model\": {\"family\": \"transformer\"}}").imitate().batchSize())
        .isEqualTo(128);
    assertThat(resolve("{\"imitate\": {\"batchSize\": 128}}").imitate().batchSize()).isEqualTo(128);
    // the other stages keep the shared batch
    assertThat(resolve("{}").finetune().batchSize()).isEqualTo(128);
    assertThat(resolve("{}").wide().batchSize()).isEqualTo(128);
  }

  @Test
  void aModelWithoutAFamilyIsAnMlp() {
    assertThat(resolve("{\"model\": {\"depth\": 3}}").model()).isEqualTo(new MlpModelSpec(3, 32));
  }

  @Test
  void aResnetGetsTwoBottleneckStagesWidenedFourTimes() {
    ExperimentSpec resolved = resolve("{\"model\": {\"family\": \"resnet\"}}");
    ResNetModelSpec m = (ResNetModelSpec) resolved.model();
    assertThat(m.stemChannels()).isEqualTo(16);
    assertThat(m.stemStride()).isEqualTo(2);
    assertThat(m.stages()).containsExactly(new StageSpec(2, 32, 8), new StageSpec(2, 64, 16));
    assertThat(resolved.widenFactor()).isEqualTo(4);
  }

  @Test
  void aTransformerGetsFourBlocksOfWidthSixtyFourReadByRowsWithAClassToken() {
    ExperimentSpec resolved = resolve("{\"model\": {\"family\": \"transformer\"}}");
    assertThat(resolved.model())
        .isEqualTo(
            new TransformerModelSpec(4, 64, TokenLayout.ROWS, null, 2, 16, 128, Pooling.CLS, null));
    assertThat(resolved.widenFactor()).isEqualTo(4);
  }

  @Test
  void patchSizeDefaultsToSevenOnlyForPatchTokens() {
    assertThat(transformer("{\"tokens\": \"patches\"}").patchSize()).isEqualTo(7);
    assertThat(transformer("{\"tokens\": \"sequence\"}").patchSize()).isNull();
  }

  @Test
  void userValuesWinAndAStageFillsItsBlocksAndBottleneckFromItsChannels() {
    ExperimentSpec resolved =
        resolve(
            """
            {"widenFactor": 2,
             "model": {"family": "resnet", "stemChannels": 8, "stemStride": 1,
                       "stages": [{"channels": 64}, {"blocks": 3, "channels": 2},
                                  {"blocks": 1, "channels": 16, "innerChannels": 12},
                                  {"blocks": 1}]}}
            """);
    ResNetModelSpec m = (ResNetModelSpec) resolved.model();
    assertThat(resolved.widenFactor()).isEqualTo(2);
    assertThat(m.stemChannels()).isEqualTo(8);
    assertThat(m.stemStride()).isEqualTo(1);
    assertThat(m.stages())
        .containsExactly(
            new StageSpec(2, 64, 16),
            new StageSpec(3, 2, 1),
            new StageSpec(1, 16, 12),
            // no channels: nothing to derive the bottleneck from; validation says it is required
            new StageSpec(1, null, null));
  }

  @Test
  void aResolvedSpecSerialisesAsPinnedAndItsModelAndTeacherFieldsAsBefore() {
    // the model and the WIDE training settings serialise as they did before the families had
    // their own records, so a WIDE model trained before keeps its fingerprint (teacher reuse)
    ExperimentSpec resolved =
        resolve("{\"model\": {\"family\": \"mlp\", \"depth\": 4, \"width\": 16}, \"seed\": 7}");
    assertThat(resolved.model()).isEqualTo(new MlpModelSpec(4, 16));
    assertThat(resolved.widenFactor()).isEqualTo(8);
    assertThat(json.writeValueAsString(resolved.model()))
        .isEqualTo("{\"family\":\"mlp\",\"depth\":4,\"width\":16}");
    assertThat(json.writeValueAsString(resolve("{}")))
        .isEqualTo(
            "{\"name\":\"fashion-mnist-mlp\",\"dataset\":\"fashion-mnist\","
                + "\"model\":{\"family\":\"mlp\",\"depth\":8,\"width\":32},\"widenFactor\":8,"
                + "\"seed\":0,\"device\":\"auto\","
                + "\"wide\":{\"epochs\":10,\"batchSize\":128,\"optimizer\":{\"name\":\"adam\","
                + "\"learningRate\":0.001,\"weightDecay\":0.0,\"schedule\":\"cosine\","
                + "\"warmupSteps\":0}},"
                + "\"imitate\":{\"stepsPerLayer\":3000,\"schedule\":\"joint\","
                + "\"loss\":\"normalized_mse\",\"lowerLayerLrScale\":0.0,\"batchSize\":256,"
                + "\"optimizer\":{\"name\":\"adam\",\"learningRate\":0.001,\"weightDecay\":0.0,"
                + "\"schedule\":\"cosine\",\"warmupSteps\":0},\"headLoss\":\"kl\","
                + "\"headTemperature\":4.0,\"copySameShape\":false,\"attentionWeight\":0.0,"
                + "\"statisticsWeight\":0.0,\"pooledTokenWeight\":1.0,\"varianceWeight\":0.0,"
                + "\"decorrelationWeight\":0.0,\"logitsWeight\":0.0,"
                + "\"jumpRecovery\":{\"jumpFactor\":1.3,\"rateFactor\":0.5,\"maxRollbacks\":0,"
                + "\"restoreRate\":false},\"layerInit\":\"standardised\"},"
                + "\"finetune\":{\"epochs\":12,\"batchSize\":128,\"optimizer\":{\"name\":\"adam\","
                + "\"learningRate\":0.001,\"weightDecay\":0.0,\"schedule\":\"cosine\","
                + "\"warmupSteps\":0},\"distillation\":{\"alpha\":0.0,\"temperature\":4.0},"
                + "\"headEpochs\":0.0,\"calibrateHead\":false},"
                + "\"kd\":{\"alpha\":0.5,\"temperature\":4.0},\"baselines\":[\"scratch\",\"kd\"],"
                + "\"limits\":{\"trainExamples\":null,\"testExamples\":null,"
                + "\"validationFraction\":0.1},"
                + "\"teacher\":{\"modelId\":null,\"reuse\":false},"
                + "\"export\":{\"formats\":[],\"precisions\":[]}}");
    String transformer =
        "{\"family\":\"transformer\",\"depth\":2,\"width\":16,\"tokens\":\"patches\","
            + "\"patchSize\":7,\"heads\":2,\"headSize\":8,\"ffnWidth\":32,\"pooling\":\"mean\"}";
    assertThat(json.writeValueAsString(resolve("{\"model\": " + transformer + "}").model()))
        .isEqualTo(transformer);
  }

  @Test
  void anUnknownFamilyCannotBeBoundAndEveryFamilyIsRegisteredOnce() {
    assertThat(ModelFamilies.names()).contains("mlp", "resnet", "transformer");
    assertThatThrownBy(() -> resolve("{\"model\": {\"family\": \"cnn\"}}"))
        .hasMessageContaining("cnn");
  }

  private TransformerModelSpec transformer(String fields) {
    String model = fields.replaceFirst("\\{", "{\"family\": \"transformer\", ");
    return (TransformerModelSpec) resolve("{\"model\": " + model + "}").model();
  }

  @Test
  void aStoredSpecResolvesToItselfAndGainsTheDefaultsOfFieldsAddedSinceItWasStored() {
    ExperimentSpec resolved =
        resolve(
            """
            {"model": {"family": "resnet"}, "finetune": {"epochs": 3, "headEpochs": 1},
             "export": {"precisions": ["int8"]}, "limits": {"trainExamples": 500}}
            """);
    assertThat(SpecDefaults.resolve(resolved)).isEqualTo(resolved);
    assertThat(SpecDefaults.resolve(resolve("{}"))).isEqualTo(resolve("{}"));

    // as an experiment submitted before finetune.headEpochs existed was stored
    ObjectNode stored = (ObjectNode) json.valueToTree(resolve("{}"));
    ((ObjectNode) stored.get("finetune")).remove("headEpochs");
    ExperimentSpec read = json.treeToValue(stored, ExperimentSpec.class);
    assertThat(read.finetune().headEpochs()).isNull();
    assertThat(SpecDefaults.resolve(read).finetune().headEpochs()).isZero();

    // and before finetune.calibrateHead existed
    ((ObjectNode) stored.get("finetune")).remove("calibrateHead");
    ExperimentSpec older = json.treeToValue(stored, ExperimentSpec.class);
    assertThat(older.finetune().calibrateHead()).isNull();
    assertThat(SpecDefaults.resolve(older).finetune().calibrateHead()).isFalse();
  }

  private ExperimentSpec resolve(String spec) {
    return SpecDefaults.resolve(json.readValue(spec, ExperimentSpec.class));
  }
}
