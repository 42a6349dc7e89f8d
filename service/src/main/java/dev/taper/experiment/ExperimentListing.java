package dev.taper.experiment;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Pages of experiments, newest first, filtered by status and by tags (an experiment has all). */
@Component
class ExperimentListing {

  private static final String WHERE =
      """
       where (:status = '' or experiment_status(e.id) = :status)
         and (select count(*) from experiment_tag t
               where t.experiment_id = e.id and t.tag in (:tags)) = :tagCount
      """;

  private final JdbcClient jdbc;
  private final ExperimentTags tags;

  ExperimentListing(JdbcClient jdbc, ExperimentTags tags) {
    this.jdbc = jdbc;
    this.tags = tags;
  }

  /**
   * @param status only experiments of this status, or null for any
   * @param withTags only experiments carrying every one of these tags
   */
  Page<ExperimentView.Summary> page(
      ExperimentStatus status, List<String> withTags, int page, int size) {
    // a tag asked for twice is asked for once: the filter counts the distinct tags matched
    List<String> distinct = withTags.stream().distinct().toList();
    // "in ()" is not SQL: with no tags asked for, look for the empty tag, which none has
    List<String> asked = distinct.isEmpty() ? List.of("") : distinct;
    Map<String, Object> filter =
        Map.of(
            "status",
            status == null ? "" : status.name(),
            "tags",
            asked,
            "tagCount",
            distinct.size());
    long total =
        jdbc.sql("select count(*) from experiment e" + WHERE)
            .params(filter)
            .query(Long.class)
            .single();
    List<Row> rows =
        jdbc.sql(
                "select e.id, e.name, experiment_status(e.id) as status, e.created_at"
                    + " from experiment e"
                    + WHERE
                    + " order by e.created_at desc, e.id limit :limit offset :offset")
            .params(filter)
            .param("limit", size)
            .param("offset", (long) page * size)
            .query(
                (rs, n) ->
                    new Row(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        ExperimentStatus.valueOf(rs.getString("status")),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
            .list();
    Map<UUID, List<String>> tagsOf = tags.of(rows.stream().map(Row::id).toList());
    List<ExperimentView.Summary> items =
        rows.stream()
            .map(
                r ->
                    new ExperimentView.Summary(
                        r.id(), r.name(), r.status(), r.createdAt(), tagsOf.get(r.id())))
            .toList();
    return new PageImpl<>(items, PageRequest.of(page, size), total);
  }

  private record Row(UUID id, String name, ExperimentStatus status, Instant createdAt) {}
}
