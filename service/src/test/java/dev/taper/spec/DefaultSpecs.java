package dev.taper.spec;

import java.util.List;

/** Experiment specs with every default filled in, as tests submit them without the API. */
public final class DefaultSpecs {

  private DefaultSpecs() {}

  /**
   * The defaults, on {@code device}, with no baselines.
   *
   * @param dataset the dataset's name, or null for the default one
   * @param seed the seed, or null for the default one
   */
  public static ExperimentSpec withoutBaselines(String dataset, Long seed, ComputeDevice device) {
    return withTeacher(dataset, seed, device, null);
  }

  /**
   * The defaults, on {@code device}, with no baselines, taking WIDE as {@code teacher} says.
   *
   * @param teacher a model to reuse, or null to train WIDE
   */
  public static ExperimentSpec withTeacher(
      String dataset, Long seed, ComputeDevice device, ExperimentSpec.TeacherSpec teacher) {
    return SpecDefaults.resolve(
        new ExperimentSpec(
            null, dataset, null, null, seed, device, null, null, null, null, List.of(), null,
            teacher));
  }
}
