package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.StageConfigs;
import dev.taper.training.family.Architecture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's recipe follows exactly what its stage is built from. */
class RunRecipesTest {

  private static final String BASE = StudyReproducibilityTest.SPEC;

  @TempDir Path dir;

  @Test
  void theSameSpecAndSeedGiveTheSameRecipesAndDigests() {
    Seed a = seed(BASE, 5);
    Seed b = seed(BASE, 5);

    assertThat(b).isEqualTo(a);
    assertThat(b.thin().digest()).isEqualTo(a.thin().digest());
    assertThat(a.scratch().kind()).isEqualTo("SCRATCH");
    assertThat(seed(BASE, 6).scratch()).isNotEqualTo(a.scratch());
  }

  @Test
  void imitationsRateMovesImitationAndFineTuningOnly() {
    Seed base = seed(BASE, 5);
    Seed varied =
        seed(
            BASE.replace(
                "\"stepsPerLayer\": 10,",
                "\"stepsPerLayer\": 10, \"optimizer\":" + " {\"learningRate\": 3e-3},"),
            5);

    assertThat(varied.warmed()).isNotEqualTo(base.warmed());
    assertThat(varied.thin()).isNotEqualTo(base.thin());
    assertThat(varied.wide()).isEqualTo(base.wide());
    assertThat(varied.scratch()).isEqualTo(base.scratch());
    assertThat(varied.kd()).isEqualTo(base.kd());
    assertThat(varied.deeper()).isEqualTo(base.deeper());
  }

  @Test
  void imitationsStepsMoveTheBaselinesBudgetAndSoTheirRecipes() {
    Seed base = seed(BASE, 5);
    Seed longer = seed(BASE.replace("\"stepsPerLayer\": 10", "\"stepsPerLayer\": 20"), 5);

    assertThat(longer.scratch()).isNotEqualTo(base.scratch());
    assertThat(longer.deeper()).isNotEqualTo(base.deeper());
    assertThat(longer.wide()).isEqualTo(base.wide());
  }

  @Test
  void anotherTeacherMovesEveryRunItTeaches() {
    Seed base = seed(BASE, 5);
    Seed longerTeacher =
        seed(BASE.replace("\"wide\": {\"epochs\": 1", "\"wide\": {\"epochs\": 2"), 5);

    assertThat(longerTeacher.wide()).isNotEqualTo(base.wide());
    assertThat(longerTeacher.kd()).isNotEqualTo(base.kd());
    assertThat(longerTeacher.warmed()).isNotEqualTo(base.warmed());
    assertThat(longerTeacher.thin()).isNotEqualTo(base.thin());
    assertThat(longerTeacher.scratch()).isEqualTo(base.scratch());
  }

  @Test
  void fineTuningsRateMovesFineTuningAlone() {
    Seed base = seed(BASE, 5);
    Seed varied =
        seed(
            BASE.replace(
                "\"finetune\": {\"epochs\": 1, \"batchSize\": 64}",
                "\"finetune\": {\"epochs\": 1, \"batchSize\": 64, \"optimizer\":"
                    + " {\"learningRate\": 3e-4}}"),
            5);

    assertThat(varied.thin()).isNotEqualTo(base.thin());
    assertThat(varied.warmed()).isEqualTo(base.warmed());
  }

  /** One seed's recipes at the spec's own rates, as {@link SeedRunner} makes them. */
  private record Seed(
      RunRecipe wide,
      RunRecipe warmed,
      RunRecipe thin,
      RunRecipe scratch,
      RunRecipe kd,
      RunRecipe deeper) {}

  private Seed seed(String specJson, long seed) {
    ExperimentSpec spec = resolved(specJson, seed);
    StageConfigs configs = StageConfigs.from(spec, 900);
    Architecture thin = configs.thin(new long[] {1, 28, 28}, 10);
    RunRecipes recipes = new RunRecipes(spec, seed, thin);
    RunRecipe wide = recipes.wide(configs.widenFactor(), configs.wide());
    RunRecipe warmed = recipes.imitate(configs.imitation(), wide);
    return new Seed(
        wide,
        warmed,
        recipes.finetune(configs.finetune(), configs.finetuneDistillation(), warmed, null),
        recipes.scratch(configs.baseline(thin)),
        recipes.knowledgeDistillation(configs.baseline(thin), configs.kd(), wide),
        recipes.deeper(configs.baseline(thin)));
  }

  private ExperimentSpec resolved(String specJson, long seed) {
    try {
      Path file = Files.writeString(dir.resolve("spec.json"), specJson);
      return StudyCommand.resolve(StudySpecFile.read(file).spec().withSeed(seed));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
