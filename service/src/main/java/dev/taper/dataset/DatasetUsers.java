package dev.taper.dataset;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The experiments whose spec names a dataset: what keeps the dataset from being deleted. */
@Component
class DatasetUsers {

  /** At most this many experiment ids are named. */
  static final int NAMED = 5;

  private final JdbcClient jdbc;

  DatasetUsers(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * How many experiments name the dataset, and the newest {@link #NAMED} of them.
   *
   * @param count 0 when none does
   */
  record Found(long count, List<UUID> newest) {}

  Found of(String dataset) {
    // count(*) over () is taken before the limit: every match is counted
    List<Row> rows =
        jdbc.sql(
                """
                select id, count(*) over () as total from experiment
                 where spec ->> 'dataset' = :dataset
                 order by created_at desc, id
                 limit :named
                """)
            .param("dataset", dataset)
            .param("named", NAMED)
            .query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getLong("total")))
            .list();
    return new Found(rows.isEmpty() ? 0 : rows.get(0).total(), rows.stream().map(Row::id).toList());
  }

  private record Row(UUID id, long total) {}
}
