package dev.taper.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taper.training.EarlyStopping;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.mlp.MlpArchitecture;
import dev.taper.training.family.resnet.ResNetArchitecture;
import dev.taper.training.family.resnet.ResNetModelSpec;
import dev.taper.training.family.resnet.ResNetModelSpec.StageSpec;
import dev.taper.training.family.transformer.Pooling;
import dev.taper.training.family.transformer.TokenLayout;
import dev.taper.training.family.transformer.TransformerArchitecture;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class StageConfigsTest {

  static final long[] IMAGE = {1, 28, 28};

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void headOnlyEpochsGoToFineTuningAndNeverToTheBaselines() {
    StageConfigs configs = configs("{\"finetune\": {\"epochs\": 4, \"headEpochs\": 1}}");
    assertThat(configs.finetune().headEpochs()).isEqualTo(1.0);
    assertThat(configs.baseline(configs.thin(IMAGE, 10)).headEpochs()).isZero();
    assertThat(configs.finetune().withLearningRate(3e-4).headEpochs()).isEqualTo(1.0);
  }

  @Test
  void headCalibrationGoesToFineTuningAndNeverToTheBaselines() {
    StageConfigs configs = configs("{\"finetune\": {\"calibrateHead\": true}}");
    assertThat(configs.finetune().calibrateHead()).isTrue();
    assertThat(configs.finetune().withLearningRate(3e-4).calibrateHead()).isTrue();
    assertThat(configs.baseline(configs.thin(IMAGE, 10)).calibrateHead()).isFalse();
    assertThat(configs("{}").finetune().calibrateHead()).isFalse();
  }

  @Test
  void fineTuningsEarlyStoppingAppliesToTheBaselinesToo() {
    StageConfigs configs =
        configs("{\"finetune\": {\"earlyStopping\": {\"patience\": 2, \"minDelta\": 0}}}");
    EarlyStopping rule = new EarlyStopping(2, 0);
    assertThat(configs.finetune().earlyStopping()).isEqualTo(rule);
    assertThat(configs.baseline(configs.thin(IMAGE, 10)).earlyStopping()).isEqualTo(rule);
    assertThat(configs("{}").finetune().earlyStopping()).isEqualTo(EarlyStopping.NONE);
  }

  @Test
  void anMlpReadsTheExampleFlattened() {
    assertThat(configs("{}").thin(IMAGE, 10)).isEqualTo(new MlpArchitecture(784, 8, 32, 10));
    assertThat(configs("{}").thin(new long[] {3}, 2)).isEqualTo(new MlpArchitecture(3, 8, 32, 2));
  }

  @Test
  void aResnetTakesTheImageShapeAndTheStages() {
    var thin =
        configs(
                """
                {"model": {"family": "resnet", "stemChannels": 8, "stemStride": 1,
                           "stages": [{"blocks": 1, "channels": 16, "innerChannels": 4},
                                      {"blocks": 3, "channels": 32, "innerChannels": 8}]}}
                """)
            .thin(new long[] {3, 32, 24}, 10);
    assertThat(thin)
        .isEqualTo(
            new ResNetArchitecture(
                3,
                32,
                24,
                8,
                1,
                List.of(
                    new ResNetArchitecture.Stage(1, 16, 4), new ResNetArchitecture.Stage(3, 32, 8)),
                10));
    assertThat(thin.imitationLayers()).isEqualTo(1 + 1 + 3);
    assertThat(
            ((ResNetArchitecture) configs("{\"model\": {\"family\": \"resnet\"}}").thin(IMAGE, 10))
                .stemHeight())
        .as("the default stem's stride is 2")
        .isEqualTo(14);
  }

  @Test
  void aTransformerReadsRowsAsTwentyEightTokensOfTwentyEightFeatures() {
    var thin =
        (TransformerArchitecture)
            configs("{\"model\": {\"family\": \"transformer\"}}").thin(IMAGE, 10);
    assertThat(thin.tokens()).isEqualTo(TokenLayout.ROWS);
    assertThat(thin.patchSize()).isZero();
    assertThat(thin.tokenCount()).isEqualTo(28);
    assertThat(thin.tokenFeatures()).isEqualTo(28);
    assertThat(thin.sequenceLength()).isEqualTo(29);
    assertThat(thin.blocks()).isEqualTo(4);
    assertThat(thin.width()).isEqualTo(64);
    assertThat(thin.heads()).isEqualTo(2);
    assertThat(thin.headSize()).isEqualTo(16);
    assertThat(thin.ffnWidth()).isEqualTo(128);
    assertThat(thin.pooling()).isEqualTo(Pooling.CLS);
    assertThat(thin.inputShape()).containsExactly(1, 28, 28);
  }

  @Test
  void aTransformerReadsSevenPixelPatchesAsSixteenTokens() {
    var thin =
        (TransformerArchitecture)
            configs(
                    """
                    {"model": {"family": "transformer", "tokens": "patches", "pooling": "mean"}}
                    """)
                .thin(IMAGE, 10);
    assertThat(thin.tokens()).isEqualTo(TokenLayout.PATCHES);
    assertThat(thin.patchSize()).isEqualTo(7);
    assertThat(thin.tokenCount()).isEqualTo(16);
    assertThat(thin.tokenFeatures()).isEqualTo(49);
    assertThat(thin.sequenceLength()).isEqualTo(16);
  }

  @Test
  void aTransformerReadsASequenceAsItIs() {
    var thin =
        (TransformerArchitecture)
            configs("{\"model\": {\"family\": \"transformer\", \"tokens\": \"sequence\"}}")
                .thin(new long[] {20, 6}, 3);
    assertThat(thin.tokenCount()).isEqualTo(20);
    assertThat(thin.tokenFeatures()).isEqualTo(6);
  }

  @Test
  void aModelThatDoesNotFitTheExamplesSaysWhy() {
    assertThatThrownBy(
            () -> configs("{\"model\": {\"family\": \"resnet\"}}").thin(new long[] {784}, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resnet needs image examples");
    assertThatThrownBy(
            () ->
                configs(
                        "{\"model\": {\"family\": \"transformer\", \"tokens\": \"patches\", \"patchSize\": 5}}")
                    .thin(IMAGE, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must divide the images' height and width (28x28)");
  }

  @Test
  void theWideResnetMultipliesOnlyTheBottlenecks() {
    var thin =
        (ResNetArchitecture)
            ModelFamilies.architecture(
                new ResNetModelSpec(16, 2, List.of(new StageSpec(2, 32, 8))), IMAGE, 10);
    assertThat(thin.widen(4).stages()).containsExactly(new ResNetArchitecture.Stage(2, 32, 32));
  }

  private StageConfigs configs(String spec) {
    return StageConfigs.from(
        SpecDefaults.resolve(json.readValue(spec, ExperimentSpec.class)), 1000);
  }
}
