package dev.taper.experiment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The tags of experiments ({@code experiment_tag}). */
@Component
class ExperimentTags {

  private final JdbcClient jdbc;

  ExperimentTags(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<String> of(UUID experimentId) {
    return jdbc.sql("select tag from experiment_tag where experiment_id = :id order by tag")
        .param("id", experimentId)
        .query(String.class)
        .list();
  }

  /** The tags of each of these experiments (an experiment without tags maps to an empty list). */
  Map<UUID, List<String>> of(Collection<UUID> experimentIds) {
    Map<UUID, List<String>> tags = new LinkedHashMap<>();
    experimentIds.forEach(id -> tags.put(id, new ArrayList<>()));
    if (experimentIds.isEmpty()) {
      return tags;
    }
    jdbc.sql(
            "select experiment_id, tag from experiment_tag where experiment_id in (:ids)"
                + " order by experiment_id, tag")
        .param("ids", List.copyOf(experimentIds))
        .query(
            (RowCallbackHandler)
                rs -> {
                  tags.get(rs.getObject(1, UUID.class)).add(rs.getString(2));
                });
    return tags;
  }

  /** Makes {@code tags} the experiment's tags, in the caller's transaction. */
  @Transactional(propagation = Propagation.MANDATORY)
  void replace(UUID experimentId, List<String> tags) {
    jdbc.sql("delete from experiment_tag where experiment_id = :id")
        .param("id", experimentId)
        .update();
    for (String tag : tags) {
      jdbc.sql("insert into experiment_tag (experiment_id, tag) values (:id, :tag)")
          .param("id", experimentId)
          .param("tag", tag)
          .update();
    }
  }
}
