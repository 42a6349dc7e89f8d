package dev.taper.bench;

import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.ExperimentSpec.LimitsSpec;
import dev.taper.training.DistillationConfig;
import dev.taper.training.ImitationConfig;
import dev.taper.training.TrainConfig;
import dev.taper.training.family.Architecture;
import tools.jackson.databind.JsonNode;

/**
 * The {@link RunRecipe}s of one seed's runs: each names exactly the settings its stage is built
 * from in {@link SeedRunner}, so a setting a stage does not read (imitation's, for SCRATCH) leaves
 * its recipe alone, and one it does read (the baselines' budget, which follows imitation's steps)
 * changes it.
 */
final class RunRecipes {

  private final Data data;
  private final Architecture thin;

  RunRecipes(ExperimentSpec resolved, long seed, Architecture thin) {
    this.data = new Data(resolved.dataset(), seed, resolved.limits());
    this.thin = thin;
  }

  RunRecipe wide(int widenFactor, TrainConfig config) {
    return RunRecipe.of(new Wide("WIDE", data, thin, widenFactor, config));
  }

  RunRecipe imitate(ImitationConfig config, RunRecipe teacher) {
    return RunRecipe.of(new Imitate("IMITATE", data, thin, config, teacher.json()));
  }

  /**
   * @param teacher the WIDE run that distils into fine-tuning, or null when fine-tuning reads the
   *     labels only
   */
  RunRecipe finetune(
      TrainConfig config, DistillationConfig distillation, RunRecipe warmed, RunRecipe teacher) {
    return RunRecipe.of(
        new Finetune(
            "FINETUNE",
            data,
            config,
            distillation,
            warmed.json(),
            teacher == null ? null : teacher.json()));
  }

  RunRecipe scratch(TrainConfig config) {
    return RunRecipe.of(new Supervised("SCRATCH", data, thin, config));
  }

  RunRecipe deeper(TrainConfig config) {
    return RunRecipe.of(new Supervised("DEEPER", data, thin, config));
  }

  RunRecipe knowledgeDistillation(
      TrainConfig config, DistillationConfig distillation, RunRecipe teacher) {
    return RunRecipe.of(new Distilled("KD", data, thin, config, distillation, teacher.json()));
  }

  /** What prepares a seed's data: the dataset, the seed that shuffles and splits it, the limits. */
  private record Data(String dataset, long seed, LimitsSpec limits) {}

  private record Wide(
      String kind, Data data, Architecture thin, int widenFactor, TrainConfig config) {}

  private record Imitate(
      String kind, Data data, Architecture thin, ImitationConfig config, JsonNode teacher) {}

  /** Fine-tuning's network is WARMED's, which names the thin network already. */
  private record Finetune(
      String kind,
      Data data,
      TrainConfig config,
      DistillationConfig distillation,
      JsonNode warmed,
      JsonNode teacher) {}

  private record Supervised(String kind, Data data, Architecture thin, TrainConfig config) {}

  private record Distilled(
      String kind,
      Data data,
      Architecture thin,
      TrainConfig config,
      DistillationConfig distillation,
      JsonNode teacher) {}
}
