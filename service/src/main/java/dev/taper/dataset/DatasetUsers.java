package dev.taper.dataset;

import dev.taper.web.DependentExperiments;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The experiments whose spec names a dataset: what keeps the dataset from being deleted. */
@Component
class DatasetUsers {

  private final JdbcClient jdbc;

  DatasetUsers(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  DependentExperiments of(String dataset) {
    return DependentExperiments.where(
        jdbc, "spec ->> 'dataset' = :dataset", Map.of("dataset", dataset));
  }
}
