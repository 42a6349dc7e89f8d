package dev.taper.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The experiments that keep something from being deleted (a dataset they name, an experiment whose
 * model they reuse): how many, and the ids of the newest {@link #NAMED}, as a 409 names them.
 *
 * @param count how many there are; 0 when none
 * @param newest the newest of them, at most {@link #NAMED}, newest first
 */
public record DependentExperiments(long count, List<UUID> newest) {

  /** At most this many experiment ids are named. */
  public static final int NAMED = 5;

  public static final DependentExperiments NONE = new DependentExperiments(0, List.of());

  public DependentExperiments {
    newest = List.copyOf(newest);
  }

  /**
   * The experiments matching {@code condition}, a constant SQL condition on the experiment table
   * with named parameters taken from {@code parameters}.
   */
  public static DependentExperiments where(
      JdbcClient jdbc, String condition, Map<String, ?> parameters) {
    // count(*) over () is taken before the limit: every match is counted
    List<Row> rows =
        jdbc.sql(
                "select id, count(*) over () as total from experiment where "
                    + condition
                    + " order by created_at desc, id limit :named")
            .params(parameters)
            .param("named", NAMED)
            .query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getLong("total")))
            .list();
    return rows.isEmpty()
        ? NONE
        : new DependentExperiments(rows.get(0).total(), rows.stream().map(Row::id).toList());
  }

  public boolean any() {
    return count > 0;
  }

  /** The ids, and how many more there are: "a, b and 3 more". */
  public String ids() {
    String ids = String.join(", ", newest.stream().map(UUID::toString).toList());
    return count > newest.size() ? ids + " and " + (count - newest.size()) + " more" : ids;
  }

  /** "1 experiment" or "n experiments", after {@code adjective} when one is given. */
  public String counted(String adjective) {
    String noun = count == 1 ? " experiment" : " experiments";
    return count + (adjective.isEmpty() ? "" : " " + adjective) + noun;
  }

  /** Adds {@code experimentCount} and {@code experimentIds} to the problem. */
  public void addTo(ProblemDetail problem) {
    problem.setProperty("experimentCount", count);
    problem.setProperty("experimentIds", newest);
  }

  private record Row(UUID id, long total) {}
}
