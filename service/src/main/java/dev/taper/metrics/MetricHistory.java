package dev.taper.metrics;

import dev.taper.queue.Lease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The stored metric series of stage jobs ({@code metric_point}): the one way in and out. */
@Service
public class MetricHistory {

  private static final Logger log = LoggerFactory.getLogger(MetricHistory.class);

  private static final String APPEND =
      """
      insert into metric_point (job_id, name, step, value, layer)
      select ?, p.name, p.step, p.value, p.layer
        from unnest(?::text[], ?::bigint[], ?::float8[], ?::integer[])
             as p(name, step, value, layer)
       where exists (select 1 from stage_job
                      where id = ? and version = ? and leased_by = ? and status = 'RUNNING')
      on conflict do nothing
      """;

  private final JdbcClient jdbc;
  private final JdbcTemplate template;

  MetricHistory(JdbcClient jdbc, JdbcTemplate template) {
    this.jdbc = jdbc;
    this.template = template;
  }

  /**
   * A recorder for the job a lease holds, carrying on from what earlier attempts stored.
   *
   * @see MetricRecorder
   */
  public MetricRecorder recorder(Lease lease) {
    Map<MetricName, Long> storedUpTo = new EnumMap<>(MetricName.class);
    try {
      jdbc.sql("select name, max(step) from metric_point where job_id = :job group by name")
          .param("job", lease.jobId())
          .query(
              (RowCallbackHandler)
                  rs -> {
                    storedUpTo.put(MetricName.stored(rs.getString(1)), rs.getLong(2));
                  });
    } catch (RuntimeException e) {
      // the points already stored are kept anyway (a step is stored once): start from scratch
      log.warn("stage job {}: cannot read its stored metric history", lease.jobId(), e);
      storedUpTo.clear();
    }
    return new MetricRecorder(this, lease, storedUpTo);
  }

  /**
   * Stores points in one statement, only while the lease is still held: an attempt that lost its
   * job writes nothing, and a step already stored is kept as it was.
   *
   * @return the points written
   */
  int append(Lease lease, List<RecordedPoint> points) {
    if (points.isEmpty()) {
      return 0;
    }
    int n = points.size();
    String[] names = new String[n];
    Long[] steps = new Long[n];
    Double[] values = new Double[n];
    Integer[] layers = new Integer[n];
    for (int i = 0; i < n; i++) {
      RecordedPoint point = points.get(i);
      names[i] = point.name().wireName();
      steps[i] = point.step();
      values[i] = point.value();
      layers[i] = point.layer();
    }
    Integer written =
        template.execute(
            (Connection connection) -> {
              try (PreparedStatement statement = connection.prepareStatement(APPEND)) {
                statement.setLong(1, lease.jobId());
                statement.setArray(2, connection.createArrayOf("text", names));
                statement.setArray(3, connection.createArrayOf("bigint", steps));
                statement.setArray(4, connection.createArrayOf("float8", values));
                statement.setArray(5, connection.createArrayOf("integer", layers));
                statement.setLong(6, lease.jobId());
                statement.setLong(7, lease.version());
                statement.setString(8, lease.workerId());
                return statement.executeUpdate();
              }
            });
    return written == null ? 0 : written;
  }

  /** One series of a job, oldest point first (empty when nothing was recorded). */
  public MetricSeries series(long jobId, MetricName name) {
    List<MetricPoint> points =
        jdbc.sql(
                """
                select step, value, layer from metric_point
                 where job_id = :job and name = :name order by step
                """)
            .param("job", jobId)
            .param("name", name.wireName())
            .query((rs, n) -> point(rs.getLong(1), rs.getDouble(2), rs.getObject(3)))
            .list();
    return MetricSeries.of(jobId, name, points);
  }

  /** These series of these jobs, in one query: job, then name, then points by step. */
  public Map<Long, Map<MetricName, MetricSeries>> ofJobs(
      Collection<Long> jobIds, Collection<MetricName> names) {
    Map<Long, Map<MetricName, List<MetricPoint>>> found = new LinkedHashMap<>();
    if (!jobIds.isEmpty() && !names.isEmpty()) {
      jdbc.sql(
              """
              select job_id, name, step, value, layer from metric_point
               where job_id in (:jobs) and name in (:names) order by job_id, name, step
              """)
          .param("jobs", List.copyOf(jobIds))
          .param("names", names.stream().map(MetricName::wireName).toList())
          .query(
              (RowCallbackHandler)
                  rs -> {
                    found
                        .computeIfAbsent(rs.getLong(1), job -> new EnumMap<>(MetricName.class))
                        .computeIfAbsent(
                            MetricName.stored(rs.getString(2)), name -> new ArrayList<>())
                        .add(point(rs.getLong(3), rs.getDouble(4), rs.getObject(5)));
                  });
    }
    Map<Long, Map<MetricName, MetricSeries>> series = new LinkedHashMap<>();
    found.forEach(
        (job, byName) -> {
          Map<MetricName, MetricSeries> ofJob = new EnumMap<>(MetricName.class);
          byName.forEach((name, points) -> ofJob.put(name, MetricSeries.of(job, name, points)));
          series.put(job, ofJob);
        });
    return series;
  }

  private static MetricPoint point(long step, double value, Object layer) {
    return new MetricPoint(step, value, layer == null ? null : ((Number) layer).intValue());
  }
}
