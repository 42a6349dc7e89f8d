package dev.taper.experiment.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.experiment.spec.ExperimentSpec.ModelSpec;
import dev.taper.experiment.spec.ExperimentSpec.StageSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SpecDefaultsTest {

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void anMlpGetsDepthEightWidthThirtyTwoWidenedEightTimes() {
    ExperimentSpec resolved = resolve("{}");
    assertThat(resolved.model()).isEqualTo(ModelSpec.mlp(8, 32));
    assertThat(resolved.widenFactor()).isEqualTo(8);
    assertThat(resolved.imitate().loss()).isEqualTo("normalized_mse");
  }

  @Test
  void aResnetGetsTwoBottleneckStagesWidenedFourTimesAndNoOtherFamilysFields() {
    ExperimentSpec resolved = resolve("{\"model\": {\"family\": \"resnet\"}}");
    ModelSpec m = resolved.model();
    assertThat(m.stemChannels()).isEqualTo(16);
    assertThat(m.stemStride()).isEqualTo(2);
    assertThat(m.stages()).containsExactly(new StageSpec(2, 32, 8), new StageSpec(2, 64, 16));
    assertThat(resolved.widenFactor()).isEqualTo(4);
    assertThat(m.depth()).isNull();
    assertThat(m.width()).isNull();
    assertThat(m.tokens()).isNull();
    assertThat(m.patchSize()).isNull();
    assertThat(m.heads()).isNull();
    assertThat(m.headSize()).isNull();
    assertThat(m.ffnWidth()).isNull();
    assertThat(m.pooling()).isNull();
  }

  @Test
  void aTransformerGetsFourBlocksOfWidthSixtyFourReadByRowsWithAClassToken() {
    ExperimentSpec resolved = resolve("{\"model\": {\"family\": \"transformer\"}}");
    assertThat(resolved.model())
        .isEqualTo(
            new ModelSpec("transformer", 4, 64, null, null, null, "rows", null, 2, 16, 128, "cls"));
    assertThat(resolved.widenFactor()).isEqualTo(4);
  }

  @Test
  void patchSizeDefaultsToSevenOnlyForPatchTokens() {
    assertThat(
            resolve("{\"model\": {\"family\": \"transformer\", \"tokens\": \"patches\"}}")
                .model()
                .patchSize())
        .isEqualTo(7);
    assertThat(
            resolve("{\"model\": {\"family\": \"transformer\", \"tokens\": \"sequence\"}}")
                .model()
                .patchSize())
        .isNull();
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
    assertThat(resolved.widenFactor()).isEqualTo(2);
    assertThat(resolved.model().stemChannels()).isEqualTo(8);
    assertThat(resolved.model().stemStride()).isEqualTo(1);
    assertThat(resolved.model().stages())
        .containsExactly(
            new StageSpec(2, 64, 16),
            new StageSpec(3, 2, 1),
            new StageSpec(1, 16, 12),
            // no channels: nothing to derive the bottleneck from; validation says it is required
            new StageSpec(1, null, null));
  }

  @Test
  void fieldsOfAnotherFamilyAreKeptForValidationToReject() {
    ModelSpec m = resolve("{\"model\": {\"family\": \"mlp\", \"heads\": 4}}").model();
    assertThat(m.heads()).isEqualTo(4);
    assertThat(m.depth()).isEqualTo(8);
    assertThat(m.headSize()).isNull();
  }

  @Test
  void anOldMlpSpecResolvesAndSerialisesExactlyAsBefore() {
    // the JSON a resolved MLP spec was stored and hashed as before the other families existed:
    // an unchanged spec keeps its idempotency hash and its WIDE fingerprint
    ExperimentSpec resolved =
        resolve("{\"model\": {\"family\": \"mlp\", \"depth\": 4, \"width\": 16}, \"seed\": 7}");
    assertThat(resolved.model()).isEqualTo(ModelSpec.mlp(4, 16));
    assertThat(resolved.widenFactor()).isEqualTo(8);
    assertThat(json.writeValueAsString(resolved.model()))
        .isEqualTo("{\"family\":\"mlp\",\"depth\":4,\"width\":16}");
    assertThat(json.writeValueAsString(resolve("{}")))
        .startsWith(
            "{\"name\":\"fashion-mnist-mlp\",\"dataset\":\"fashion-mnist\","
                + "\"model\":{\"family\":\"mlp\",\"depth\":8,\"width\":32},\"widenFactor\":8,");
  }

  @Test
  void anUnknownFamilyIsLeftAsGiven() {
    ModelSpec m = resolve("{\"model\": {\"family\": \"cnn\", \"depth\": 3}}").model();
    assertThat(m)
        .isEqualTo(
            new ModelSpec("cnn", 3, null, null, null, null, null, null, null, null, null, null));
    assertThat(resolve("{\"model\": {\"family\": \"cnn\"}}").widenFactor()).isEqualTo(8);
  }

  @Test
  void theFamilyDefaultsAreNamedOnce() {
    assertThat(FamilyDefaults.FAMILIES).containsExactlyInAnyOrder("mlp", "resnet", "transformer");
    assertThat(FamilyDefaults.RESNET_MODEL.stages()).hasSize(2);
    assertThat(List.of(FamilyDefaults.MLP_MODEL, FamilyDefaults.TRANSFORMER_MODEL))
        .allMatch(m -> m.stages() == null);
  }

  private ExperimentSpec resolve(String spec) {
    return SpecDefaults.resolve(json.readValue(spec, ExperimentSpec.class));
  }
}
