package dev.taper.experiment;

import dev.taper.web.DependentExperiments;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The other experiments that one of an experiment's models teaches: what keeps the experiment from
 * being deleted. Such an experiment names the model as its teacher ({@code teacher_model_id}), or
 * one of its models was made from it (a lineage edge from the model to one of theirs).
 */
@Component
class ExperimentUsers {

  private static final String TAUGHT =
      """
      id in (select taught.id from experiment taught
               join model m on m.id = taught.teacher_model_id
              where m.experiment_id = :experiment
             union
             select child.experiment_id from model parent
               join model_edge e on e.parent_id = parent.id
               join model child on child.id = e.child_id
              where parent.experiment_id = :experiment)
      and id <> :experiment
      """;

  private final JdbcClient jdbc;

  ExperimentUsers(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  DependentExperiments of(UUID experiment) {
    return DependentExperiments.where(jdbc, TAUGHT, Map.of("experiment", experiment));
  }
}
