package dev.taper.model;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The SQL of a model search: the ids of one page, in order, and how many match in all. */
final class ModelSearch {

  /** One page of matching ids, and the number of matches. */
  record Found(List<UUID> ids, long total) {}

  private static final String FROM =
      """
        from model m join experiment e on e.id = m.experiment_id
       where (:role = '' or m.role = :role)
         and (:family = '' or m.family = :family)
         and (:dataset = '' or e.spec ->> 'dataset' = :dataset)
         and (:minAccuracy < 0 or (m.metrics ->> 'testAccuracy')::float8 >= :minAccuracy)
         and (select count(*) from experiment_tag t
               where t.experiment_id = m.experiment_id and t.tag in (:tags)) = :tagCount
      """;

  private final JdbcClient jdbc;

  ModelSearch(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Found find(ModelQuery query) {
    // "in ()" is not SQL: with no tags asked for, look for the empty tag, which none has
    Map<String, Object> filter =
        Map.of(
            "role", query.role() == null ? "" : query.role().name(),
            "family", query.family() == null ? "" : query.family(),
            "dataset", query.dataset() == null ? "" : query.dataset(),
            "minAccuracy", query.minAccuracy() == null ? -1.0 : query.minAccuracy(),
            "tags", query.tags().isEmpty() ? List.of("") : query.tags(),
            "tagCount", query.tags().size());
    long total = jdbc.sql("select count(*)" + FROM).params(filter).query(Long.class).single();
    List<UUID> ids =
        jdbc.sql(
                "select m.id"
                    + FROM
                    + " order by "
                    + query.sort().orderBy()
                    + " limit :limit offset :offset")
            .params(filter)
            .param("limit", query.size())
            .param("offset", (long) query.page() * query.size())
            .query(UUID.class)
            .list();
    return new Found(ids, total);
  }
}
