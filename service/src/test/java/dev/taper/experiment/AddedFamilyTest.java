package dev.taper.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.Mockito.mock;

import ai.djl.Device;
import dev.taper.dataset.DatasetSplits;
import dev.taper.model.ModelCatalog;
import dev.taper.queue.NewJob;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.StageConfigs;
import dev.taper.training.EngineFixtures;
import dev.taper.training.StageContext;
import dev.taper.training.StageKind;
import dev.taper.training.StageOutcome;
import dev.taper.training.Stages;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.FieldError;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.NetworkFiles;
import dev.taper.training.family.tanh.TanhArchitecture;
import dev.taper.training.family.tanh.TanhModelSpec;
import dev.taper.worker.EngineStageFactory;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A family added the way the architecture promises: the test tree's {@code tanh} package and one
 * line in its {@code META-INF/services} file, and nothing else. It is validated, planned and
 * trained through the same code as the built-in families.
 */
class AddedFamilyTest {

  private static final String SPEC =
      """
      {"model": {"family": "tanh", "layers": 2, "units": 8},
       "wide": {"epochs": 2, "batchSize": 64}, "imitate": {"stepsPerLayer": 30, "batchSize": 64},
       "finetune": {"epochs": 1, "batchSize": 64}, "baselines": ["scratch", "kd"]}
      """;

  private final JsonMapper json = JsonMapper.builder().build();
  private final MockedDatasets datasets =
      new MockedDatasets().with("fashion-mnist", "[1, 28, 28]", 10);
  private final SpecValidator validator =
      new SpecValidator(json, datasets.registry(), mock(ModelCatalog.class));

  @Test
  void itsSpecIsValidatedWithItsOwnFieldsAndDefaults() {
    ExperimentSpec spec = validator.validate(json.readTree(SPEC));
    assertThat(spec.model()).isEqualTo(new TanhModelSpec(2, 8));
    assertThat(spec.widenFactor()).as("the family's own default").isEqualTo(4);
    assertThat(ModelFamilies.names()).contains("tanh");
    assertThat(
            errors(
                "{\"model\": {\"family\": \"tanh\", \"units\": 0, \"depth\": 3, \"colour\": 1}}"))
        .containsOnly(
            Map.entry("model.units", "must be between 1 and 256"),
            Map.entry("model.depth", "does not apply to family tanh"),
            Map.entry("model.colour", "unknown field"));
  }

  @Test
  void itIsPlannedLikeEveryOtherFamily() {
    ExperimentSpec spec = validator.validate(json.readTree(SPEC));
    assertThat(ExperimentPlanner.plan(spec, false, 3))
        .extracting(NewJob::kind)
        .containsExactly("WIDE", "IMITATE", "FINETUNE", "SCRATCH", "KD");
  }

  @Test
  void itsStagesTrainAndItsModelsRoundTrip() {
    ExperimentSpec spec = validator.validate(json.readTree(SPEC));
    DatasetSplits data = EngineFixtures.data();
    StageContext context = StageContext.of(data, spec.seed(), Device.cpu());
    Architecture thin =
        StageConfigs.from(spec, data.train().size())
            .thin(data.train().exampleShape(), data.classes());
    assertThat(thin).isEqualTo(new TanhArchitecture(784, 2, 8, 10));
    try (StageOutcome wide =
        new EngineStageFactory().create(StageKind.WIDE, spec, data, null).run(context)) {
      assertThat(wide.network().architecture()).isEqualTo(thin.widen(4));
      assertThat(wide.metrics().testAccuracy()).isGreaterThan(0.5);
      StageConfigs configs = StageConfigs.from(spec, data.train().size());
      try (StageOutcome warmed =
          Stages.imitate(thin, configs.imitation(), wide.network()).run(context)) {
        assertThat(warmed.network().architecture()).isEqualTo(thin);
        assertThat(warmed.metrics().mergeMaxAbsError()).isLessThan(1e-4);
        assertThat(warmed.metrics().testAccuracy()).isGreaterThan(0.3);
        String saved = NetworkFiles.architectureJson(warmed.network().architecture());
        assertThat(saved).contains("\"family\" : \"tanh\"");
        assertThat(NetworkFiles.readArchitecture(saved)).isEqualTo(thin);
      }
    }
  }

  private Map<String, String> errors(String spec) {
    InvalidSpecException e =
        catchThrowableOfType(
            InvalidSpecException.class, () -> validator.validate(json.readTree(spec)));
    assertThat(e).as("rejected: %s", spec).isNotNull();
    return e.errors().stream().collect(Collectors.toMap(FieldError::field, FieldError::message));
  }
}
