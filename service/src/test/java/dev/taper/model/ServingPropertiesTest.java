package dev.taper.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.training.export.InputContract;
import dev.taper.training.export.InputDescription;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.NetworkFiles;
import dev.taper.training.family.mlp.MlpArchitecture;
import dev.taper.training.family.resnet.ResNetArchitecture;
import dev.taper.training.family.transformer.Pooling;
import dev.taper.training.family.transformer.TokenLayout;
import dev.taper.training.family.transformer.TransformerArchitecture;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The download's serving.properties describes the input of every family, not only the MLP's. */
class ServingPropertiesTest {

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void anMlpReadsItsFlatInput() throws IOException {
    Properties p = properties(new MlpArchitecture(784, 8, 32, 10));
    assertThat(p.getProperty("taper.family")).isEqualTo("mlp");
    assertThat(p.getProperty("taper.inputShape")).isEqualTo("784");
    assertThat(p.getProperty("taper.inputSize")).isEqualTo("784");
    assertThat(p.getProperty("taper.classes")).isEqualTo("10");
  }

  @Test
  void aResnetAndATransformerReadImages() throws IOException {
    Properties resnet =
        properties(
            new ResNetArchitecture(
                3, 32, 32, 16, 2, List.of(new ResNetArchitecture.Stage(2, 32, 8)), 10));
    assertThat(resnet.getProperty("taper.family")).isEqualTo("resnet");
    assertThat(resnet.getProperty("taper.inputShape")).isEqualTo("3,32,32");
    assertThat(resnet.getProperty("taper.inputSize")).isEqualTo("3072");
    assertThat(resnet.getProperty("taper.classes")).isEqualTo("10");

    Properties transformer =
        properties(
            new TransformerArchitecture(
                new long[] {1, 28, 28},
                TokenLayout.PATCHES,
                7,
                4,
                64,
                2,
                16,
                128,
                Pooling.MEAN,
                5));
    assertThat(transformer.getProperty("taper.family")).isEqualTo("transformer");
    assertThat(transformer.getProperty("taper.inputShape")).isEqualTo("1,28,28");
    assertThat(transformer.getProperty("taper.inputSize")).isEqualTo("784");
    assertThat(transformer.getProperty("taper.classes")).isEqualTo("5");
  }

  @Test
  void theStandardisationIsGivenWhereItIsKnownAndLeftEmptyWhereNot() throws IOException {
    MlpArchitecture mlp = new MlpArchitecture(784, 8, 32, 10);
    InputContract contract = InputContract.unsignedBytes(new long[] {1, 28, 28}, 0.25, 0.5);
    Properties p = properties(mlp, InputDescription.beforeTheNetwork(contract, new long[] {784}));
    assertThat(p.getProperty("taper.inputDivisor")).isEqualTo("255.0");
    assertThat(p.getProperty("taper.inputMean")).isEqualTo("0.25");
    assertThat(p.getProperty("taper.inputStd")).isEqualTo("0.5");
    assertThat(p.getProperty("taper.standardisation"))
        .startsWith("(float(x) / 255 - 0.25) * 2.0")
        .contains("[N, 784]");

    Properties unknown = properties(mlp);
    assertThat(unknown.getProperty("taper.inputMean")).isEmpty();
    assertThat(unknown.getProperty("taper.standardisation")).isEmpty();
  }

  private Properties properties(Architecture architecture) throws IOException {
    return properties(architecture, null);
  }

  private Properties properties(Architecture architecture, InputDescription input)
      throws IOException {
    ModelView model =
        new ModelView(
            UUID.randomUUID(),
            UUID.randomUUID(),
            1,
            ModelRole.THIN,
            architecture.family(),
            json.readTree(NetworkFiles.architectureJson(architecture)),
            architecture.parameterCount(),
            architecture.flopsPerExample(),
            1,
            "sha",
            json.readTree("{}"),
            null,
            Instant.now(),
            "models/x");
    Properties p = new Properties();
    p.load(
        new StringReader(
            new String(ModelPackager.servingProperties(model, input), StandardCharsets.UTF_8)));
    return p;
  }
}
