package dev.taper.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A finished experiment written straight into the database: six stage jobs (WIDE, IMITATE,
 * FINETUNE, SCRATCH, KD, DEEPER), their models and lineage, and every metric series of every job
 * filled with as many points as asked (the recorder's cap, {@code POINTS_PER_SERIES}, for the
 * fullest report there can be).
 */
public final class ReportFixtures {

  static final List<String> KINDS =
      List.of("WIDE", "IMITATE", "FINETUNE", "SCRATCH", "KD", "DEEPER");
  static final Map<String, String> ROLE_OF_KIND =
      Map.of(
          "WIDE", "WIDE",
          "IMITATE", "WARMED",
          "FINETUNE", "THIN",
          "SCRATCH", "SCRATCH",
          "KD", "KD",
          "DEEPER", "DEEPER");
  public static final Map<String, Double> ACCURACY =
      Map.of(
          "WIDE", 0.8941,
          "WARMED", 0.8587,
          "THIN", 0.8723,
          "SCRATCH", 0.8683,
          "KD", 0.8658,
          "DEEPER", 0.8659);

  /** Each stage's own training FLOPs, as the engine counts them. */
  public static final Map<String, Double> TRAINING_FLOPS =
      Map.of(
          "WIDE", 2.0e12,
          "WARMED", 3.0e12,
          "THIN", 0.5e12,
          "SCRATCH", 0.25e12,
          "KD", 1.5e12,
          "DEEPER", 0.4e12);

  static final int LAYERS = 9;
  static final int EPOCHS = 20;

  /** What was written. */
  public record Experiment(UUID id, Map<String, Long> jobs, Map<String, UUID> models) {}

  private ReportFixtures() {}

  public static Experiment finished(
      JdbcClient jdbc, String name, int pointsPerSeries, List<String> tags) {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            """
            insert into experiment (id, name, spec, spec_hash, updated_at)
            values (:id, :name, cast(:spec as jsonb), :hash, now())
            """)
        .param("id", id)
        .param("name", name)
        .param(
            "spec",
            """
            {"name": "%s", "dataset": "fashion-mnist",
             "model": {"family": "mlp", "depth": 8, "width": 32}, "widenFactor": 8,
             "imitate": {"schedule": "progressive", "stepsPerLayer": 300},
             "baselines": ["scratch", "kd", "deeper"]}
            """
                .formatted(name))
        .param("hash", "fixture-" + id)
        .update();
    for (String tag : tags) {
      jdbc.sql("insert into experiment_tag (experiment_id, tag) values (:id, :tag)")
          .param("id", id)
          .param("tag", tag)
          .update();
    }
    Map<String, Long> jobs = new LinkedHashMap<>();
    Map<String, UUID> models = new LinkedHashMap<>();
    for (String kind : KINDS) {
      long job =
          jdbc.sql(
                  """
                  insert into stage_job (experiment_id, kind, status, attempt, started_at,
                                         finished_at, progress)
                  values (:experiment, :kind, 'SUCCEEDED', 1, now(), now(), cast(:progress as jsonb))
                  returning id
                  """)
              .param("experiment", id)
              .param("kind", kind)
              .param("progress", progress(kind, pointsPerSeries))
              .query(Long.class)
              .single();
      jobs.put(kind, job);
      String role = ROLE_OF_KIND.get(kind);
      UUID model = UUID.randomUUID();
      models.put(role, model);
      long parameters = role.equals("WIDE") ? 1_962_314 : role.equals("DEEPER") ? 33_482 : 32_618;
      jdbc.sql(
              """
              insert into model (id, experiment_id, produced_by, role, family, architecture,
                                 param_count, flops, size_bytes, sha256, artifact_uri, metrics)
              values (:id, :experiment, :job, :role, 'mlp', cast(:architecture as jsonb),
                      :parameters, :flops, :size, 'fixture', :uri, cast(:metrics as jsonb))
              """)
          .param("id", model)
          .param("experiment", id)
          .param("job", job)
          .param("role", role)
          .param(
              "architecture",
              "{\"family\": \"mlp\", \"inputSize\": 784, \"depth\": 8, \"width\": 32, \"classes\": 10}")
          .param("parameters", parameters)
          .param("flops", parameters * 2)
          .param("size", parameters * 4)
          .param("uri", "models/" + model)
          .param("metrics", metrics(role, parameters))
          .update();
      fill(jdbc, job, kind, pointsPerSeries);
    }
    edge(jdbc, models.get("WIDE"), models.get("WARMED"), "IMITATED_FROM");
    edge(jdbc, models.get("WARMED"), models.get("THIN"), "FINETUNED_FROM");
    edge(jdbc, models.get("WIDE"), models.get("KD"), "DISTILLED_FROM");
    return new Experiment(id, jobs, models);
  }

  /**
   * An EXPORT job of the experiment, QUEUED: requested for the model {@code source}, or planned
   * with the experiment after the job {@code dependsOn} (give exactly one).
   */
  public static long exportJob(JdbcClient jdbc, UUID experiment, UUID source, Long dependsOn) {
    long job =
        jdbc.sql(
                """
                insert into stage_job (experiment_id, kind, status, depends_on, queued_at)
                values (:experiment, 'EXPORT', 'QUEUED', :dependsOn, now())
                returning id
                """)
            .param("experiment", experiment)
            .param("dependsOn", dependsOn)
            .query(Long.class)
            .single();
    jdbc.sql(
            """
            insert into export_job (job_id, source_model_id, format, precision)
            values (:job, :source, 'onnx', 'int8')
            """)
        .param("job", job)
        .param("source", source)
        .update();
    return job;
  }

  private static void fill(JdbcClient jdbc, long job, String kind, int points) {
    for (String name : List.of("loss", "samples_per_second", "learning_rate")) {
      jdbc.sql(
              """
              insert into metric_point (job_id, name, step, value)
              select :job, :name, s * 10,
                     case :name when 'loss' then 2.3 * exp(-s / 300.0) + 0.05
                                when 'samples_per_second' then 40000 + (s % 7) * 100
                                else 0.001 * (1 + cos(pi() * s / :points)) / 2 end
                from generate_series(1, :points) as s
              """)
          .param("job", job)
          .param("name", name)
          .param("points", points)
          .update();
    }
    if (kind.equals("IMITATE")) {
      jdbc.sql(
              """
              insert into metric_point (job_id, name, step, value, layer)
              select :job, 'imitation_loss', s * 10,
                     0.9 * exp(-((s - 1) % greatest(:points / :layers, 1)) / 40.0) + 0.01,
                     least((s - 1) / greatest(:points / :layers, 1), :layers - 1)
                from generate_series(1, :points) as s
              """)
          .param("job", job)
          .param("points", points)
          .param("layers", LAYERS + 1)
          .update();
    } else {
      jdbc.sql(
              """
              insert into metric_point (job_id, name, step, value)
              select :job, 'validation_accuracy', e, 0.80 + 0.08 * (1 - exp(-e / 5.0))
                from generate_series(1, :epochs) as e
              """)
          .param("job", job)
          .param("epochs", EPOCHS)
          .update();
    }
  }

  private static String progress(String kind, int points) {
    boolean imitate = kind.equals("IMITATE");
    return """
        {"phase": "done", "layer": %d, "layers": %d, "step": %d, "totalSteps": %d, "loss": 0.05,
         "samplesPerSecond": 41000.0, "etaSeconds": 0, "firstStep": 1, "resumedFromStep": 0}
        """
        .formatted(imitate ? LAYERS : -1, imitate ? LAYERS : 0, points * 10, points * 10);
  }

  private static String metrics(String role, long parameters) {
    StringBuilder phases = new StringBuilder();
    if (role.equals("WARMED")) {
      for (int p = 0; p <= LAYERS; p++) {
        phases
            .append(p == 0 ? "" : ",")
            .append("{\"phase\": ")
            .append(p)
            .append(", \"start\": ")
            .append(0.9 - p * 0.05)
            .append(", \"end\": ")
            .append(0.1 + p * 0.01)
            // the first phase's loss jumped once and rolled back
            .append(p == 0 ? ", \"jumps\": 1, \"rollbacks\": 1" : "")
            .append('}');
      }
    }
    return """
        {"testAccuracy": %s, "testLoss": 0.37, "validationAccuracy": 0.88,
         "parameterCount": %d, "flopsPerExample": %d, "sizeBytes": %d, "wallSeconds": 61.5,
         "samplesPerSecond": 41000.0, "thinExamplesSeen": %d, "trainingFlops": %s,
         "imitationLossPerLayer": [], "phaseLosses": [%s], "mergeMaxAbsError": 0.0}
        """
        .formatted(
            ACCURACY.get(role),
            parameters,
            parameters * 2,
            parameters * 4,
            role.equals("WIDE") ? 0 : 561_600,
            TRAINING_FLOPS.get(role),
            phases);
  }

  private static void edge(JdbcClient jdbc, UUID parent, UUID child, String relation) {
    jdbc.sql("insert into model_edge (parent_id, child_id, relation) values (:p, :c, :r)")
        .param("p", parent)
        .param("c", child)
        .param("r", relation)
        .update();
  }
}
