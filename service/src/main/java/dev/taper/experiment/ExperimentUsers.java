package dev.taper.experiment;

import java.util.List;
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

  /** At most this many experiment ids are named. */
  static final int NAMED = 5;

  private final JdbcClient jdbc;

  ExperimentUsers(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * How many experiments one of this experiment's models teaches, and the newest {@link #NAMED} of
   * them.
   *
   * @param count 0 when none
   */
  record Found(long count, List<UUID> newest) {}

  Found of(UUID experiment) {
    // count(*) over () is taken before the limit: every match is counted
    List<Row> rows =
        jdbc.sql(
                """
                select id, count(*) over () as total from experiment
                 where id in (select taught.id from experiment taught
                                join model m on m.id = taught.teacher_model_id
                               where m.experiment_id = :experiment
                              union
                              select child.experiment_id from model parent
                                join model_edge e on e.parent_id = parent.id
                                join model child on child.id = e.child_id
                               where parent.experiment_id = :experiment)
                   and id <> :experiment
                 order by created_at desc, id
                 limit :named
                """)
            .param("experiment", experiment)
            .param("named", NAMED)
            .query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getLong("total")))
            .list();
    return new Found(rows.isEmpty() ? 0 : rows.get(0).total(), rows.stream().map(Row::id).toList());
  }

  private record Row(UUID id, long total) {}
}
