package dev.taper.worker;

import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecDefaults;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what a job needs from its experiment: the resolved spec and the reused teacher. Plain SQL
 * on the experiment table, so the worker does not depend on the experiment API.
 */
class JobContexts {

  /** An experiment as a worker sees it. */
  record JobContext(ExperimentSpec spec, UUID teacherModelId) {}

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JobContexts(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  JobContext of(UUID experimentId) {
    return jdbc.sql("select spec::text as spec, teacher_model_id from experiment where id = :id")
        .param("id", experimentId)
        .query(
            (rs, n) ->
                new JobContext(
                    // resolved again: a field added since the experiment was stored takes its
                    // default, which is how Taper behaved before the field existed
                    SpecDefaults.resolve(
                        json.readValue(rs.getString("spec"), ExperimentSpec.class)),
                    rs.getObject("teacher_model_id", UUID.class)))
        .single();
  }
}
