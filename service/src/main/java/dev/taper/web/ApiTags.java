package dev.taper.web;

/** The groups of the contract's operations (each controller names one with {@code @Tag}). */
public final class ApiTags {

  public static final String DATASETS = "Datasets";
  public static final String EXPERIMENTS = "Experiments";
  public static final String JOBS = "Jobs";
  public static final String MODELS = "Models";

  private ApiTags() {}
}
